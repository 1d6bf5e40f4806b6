//! Systematization: grouping the near-duplicate proposals that hundreds of
//! municipalities send to the state conference, so that the state's team reviews groups and
//! merges each into one text that keeps every origin.
//!
//! Pure and deterministic: the same texts give the same groups, whatever their order.
//!
//! * [`normalize`]: lower case, accents folded (NFD, combining marks dropped), split on anything
//!   not alphanumeric, one-letter tokens and Portuguese stop words dropped ([`STOP_WORDS`]), each
//!   word stemmed by [`stem`] (a reduced RSLP). Verbs a council writes everywhere ("garantir",
//!   "ampliar", "implantar") are **kept**: "ampliar" and "reduzir" must not look alike. Words
//!   that are everywhere weigh little anyway through the IDF weights below.
//! * Similarity ([`Corpus::similarity`]): cosine of the IDF-weighted **sets** of stems (order and
//!   repetition ignored). IDF is computed on the whole set given to [`Corpus::new`]:
//!   `ln(1 + N / max(df, rare_share · N))`. The `1 +` keeps it above zero, so a set of two texts
//!   still compares; the floor ([`Options::rare_share`], 0.5% of the texts) makes every stem
//!   rarer than that weigh the same, so that a typo, a municipality's name or a local detail
//!   cannot outweigh the words a proposal shares with its near-duplicates. (Stems seen in fewer
//!   than [`Options::min_df`] texts can also be dropped; the default keeps them: dropped, a
//!   text's distinctive words vanish in a small set and it looks like any text it half overlaps.)
//! * Grouping ([`Corpus::cluster`]), threshold `t`. Texts with the same stem set form one
//!   *form*; forms are numbered by their stems, so nothing depends on the order of the input.
//!   1. Leader clustering of the forms, most frequent first: each form joins the most similar
//!      earlier *leader* if the similarity reaches `t`, or becomes a leader; then every form
//!      moves to its most similar leader among all of them.
//!   2. Each group gets a *profile*: the sum of its members' vectors, its 48 heaviest stems. The
//!      profiles are leader-clustered the same way (largest group first), merging the groups of
//!      one proposal that step 1 split because its variants use different words (the profile of
//!      a large group holds all the variants' words).
//!   3. Every form moves to the most similar merged profile if it reaches `t`; otherwise it
//!      keeps its step-1 group.
//!
//!   The anti-chaining rule: every member of a final group reaches `t` with the group's *center*
//!   (the merged profile it was assigned to, or its step-1 leader). Groups are balls around a
//!   center, never chains: single-link union-find over all pairs `≥ t` would join A and C through
//!   B even when A and C share nothing. (Above `t = 1/√2` two members always share a stem, since
//!   `cos(a, b) ≥ 2t² − 1`; at the default they are only both close to the center.)
//! * Candidates: no all-pairs comparison. Stems are ordered rarest first; a vector's *prefix* is
//!   its rarest stems up to the point where the squared weight left after them is below `t²`.
//!   Two vectors with cosine `≥ t` always share a stem of both prefixes (prefix filtering,
//!   Bayardo et al. 2007), so an inverted index over the leaders' (or profiles') prefixes finds
//!   every leader that can reach `t`, exactly, and prefixes are made of rare stems with short
//!   posting lists. Steps 1 (second half) and 3 run on all cores.
//! * [`Corpus::representative`]: the member closest (cosine) to the group's centroid, i.e. the
//!   text that best sums the others up, as the starting point of the merged text.
//!
//! A `threshold` of 1.0 or more joins only texts with the same stem set; texts whose stem set is
//! empty (only stop words, or nothing) join only identical texts (compared by
//! [`crate::text::search_key`]). Thresholds at or below 0 act as a tiny positive one (texts that
//! share nothing are never compared).

mod stem;
pub mod synthetic;

pub use stem::stem;

use std::collections::HashMap;

/// The default similarity threshold, chosen with the quality figure of the benchmark (pairwise
/// F1 against the generator's ground truth; see ADR 0015).
pub const DEFAULT_THRESHOLD: f64 = 0.35;

/// The lowest threshold a team may choose: below it almost anything groups together.
pub const MIN_THRESHOLD: f64 = 0.10;
/// The highest threshold a team may choose: above it only near-identical texts group.
pub const MAX_THRESHOLD: f64 = 0.95;

/// A threshold as a person types it ("0,35", "0.35" or "35%"), rounded to hundredths and
/// within [`MIN_THRESHOLD`]..=[`MAX_THRESHOLD`]. The error is in pt-BR, on the field
/// `threshold`.
pub fn parse_threshold(input: &str) -> Result<f64, crate::FieldError> {
    let bad = || {
        crate::FieldError::new(
            "threshold",
            "O limiar de semelhança deve ser um número entre 0,10 e 0,95 (por exemplo, 0,35)",
        )
    };
    let t = input.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(p) => (p.trim(), true),
        None => (t, false),
    };
    if t.is_empty() || t.len() > 12 {
        return Err(bad());
    }
    let v: f64 = t.replace(',', ".").parse().map_err(|_| bad())?;
    let v = if percent { v / 100.0 } else { v };
    if !v.is_finite() {
        return Err(bad());
    }
    let v = (v * 100.0).round() / 100.0;
    if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&v) {
        return Err(bad());
    }
    Ok(v)
}

/// Stems kept in a group's profile (the heaviest of its centroid).
const PROFILE_STEMS: usize = 48;

/// Rounds of stages 2 and 3 (profiles merged, forms reassigned).
const ROUNDS: u64 = 1;

/// Portuguese stop words, accent-free: articles, prepositions and their contractions, pronouns,
/// conjunctions, and the forms of the auxiliaries ser, estar, ter, haver. Not the negation
/// ("não") and not the verbs of the proposals themselves.
pub const STOP_WORDS: &[&str] = &[
    // articles
    "o", "a", "os", "as", "um", "uma", "uns", "umas", // prepositions and contractions
    "de", "em", "por", "para", "pra", "pro", "com", "sem", "sob", "sobre", "entre", "ate", "ante",
    "apos", "desde", "contra", "perante", "do", "da", "dos", "das", "no", "na", "nos", "nas",
    "num", "numa", "nuns", "numas", "dum", "duma", "pelo", "pela", "pelos", "pelas", "ao", "aos",
    "neste", "nesta", "nestes", "nestas", "nesse", "nessa", "nesses", "nessas", "naquele",
    "naquela", "nisso", "nisto", "deste", "desta", "destes", "destas", "desse", "dessa", "desses",
    "dessas", "daquele", "daquela", "disso", "disto", "dele", "dela", "deles", "delas",
    // conjunctions and adverbs without content
    "e", "ou", "mas", "nem", "que", "se", "como", "porque", "pois", "quando", "onde", "enquanto",
    "tambem", "ja", "muito", "muitos", "muita", "muitas", "bem", "assim", "entao", "etc",
    // pronouns and determiners
    "eu", "tu", "ele", "ela", "nos", "vos", "eles", "elas", "me", "te", "lhe", "lhes", "seu", "sua",
    "seus", "suas", "meu", "minha", "meus", "minhas", "nosso", "nossa", "nossos", "nossas", "este",
    "esta", "estes", "estas", "esse", "essa", "esses", "essas", "aquele", "aquela", "aqueles",
    "aquelas", "isto", "isso", "aquilo", "qual", "quais", "cujo", "cuja", "cujos", "cujas", "quem",
    "todo", "toda", "todos", "todas", "cada", "outro", "outra", "outros", "outras", "mesmo",
    "mesma", "qualquer", // auxiliaries
    "ser", "sao", "foi", "foram", "era", "eram", "sera", "serao", "seja", "sejam", "sendo", "sido",
    "estar", "estao", "estava", "esteja", "estejam", "ter", "tem", "tinha", "teve", "tenha",
    "tenham", "haver", "ha", "havera", "haja",
];

fn is_stop_word(w: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    SET.contains(w)
}

/// Calls `f` with each word of `text`: lower case, accents folded (canonical decomposition,
/// combining marks dropped), split on anything not alphanumeric, one-letter words skipped.
fn words(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if word.chars().nth(1).is_some() {
            f(word);
        }
        word.clear();
    };
    let mut decomposed: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                flush(&mut word);
            }
            continue;
        }
        decomposed.clear();
        unicode_normalization::char::decompose_canonical(c, |d| decomposed.push(d));
        for &d in &decomposed {
            if unicode_normalization::char::is_combining_mark(d) {
                continue;
            }
            if d.is_alphanumeric() {
                word.extend(d.to_lowercase());
            } else {
                flush(&mut word);
            }
        }
    }
    flush(&mut word);
}

/// The stems of a text, in text order (repetitions kept): lower case, accents folded, split on
/// anything not alphanumeric, one-letter words and [`STOP_WORDS`] dropped, each word [`stem`]med.
/// `normalize("Ampliação dos CRAS") == normalize("ampliacao do cras")`.
pub fn normalize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w| {
        if !is_stop_word(w) {
            out.push(stem(w));
        }
    });
    out
}

/// The stems of some texts as ids into a vocabulary of their own (`stems`), with a cache of the
/// words already seen (most words of a set of proposals repeat).
struct Chunk {
    stems: Vec<String>,
    texts: Vec<Vec<u32>>,
}

const STOP: u32 = u32::MAX;

fn normalize_chunk(texts: &[&str]) -> Chunk {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut stem_id: HashMap<String, u32> = HashMap::new();
    let mut stems: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        let mut ids = Vec::new();
        words(text, |w| {
            let id = match seen.get(w) {
                Some(&id) => id,
                None => {
                    let id = if is_stop_word(w) {
                        STOP
                    } else {
                        let st = stem(w);
                        match stem_id.get(&st) {
                            Some(&id) => id,
                            None => {
                                let id = stems.len() as u32;
                                stems.push(st.clone());
                                stem_id.insert(st, id);
                                id
                            }
                        }
                    };
                    seen.insert(w.to_owned(), id);
                    id
                }
            };
            if id != STOP {
                ids.push(id);
            }
        });
        out.push(ids);
    }
    Chunk { stems, texts: out }
}

/// Tuning of the similarity (the defaults are what the benchmark measured best).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Stems seen in fewer proposals than this are left out of the vectors.
    pub min_df: u32,
    /// Document frequencies below this share of the texts count as this share in the IDF:
    /// a stem rarer than that weighs `ln(1 + 1 / rare_share)`, as much as any rarer stem.
    pub rare_share: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_df: 1,
            rare_share: 0.005,
        }
    }
}

/// A set of texts prepared for comparison: their normalized forms and the IDF weights of the set.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Form of each text.
    form_of: Vec<u32>,
    /// Unit vectors of the forms: (stem rank, weight), by rank (rarest stem first).
    vectors: Vec<Vec<(u32, f32)>>,
    /// Canonical sort key of each form (its stems, or the folded text of an empty form).
    keys: Vec<FormKey>,
    /// Number of texts of each form.
    counts: Vec<u32>,
    /// Smallest text index of each form.
    first: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum FormKey {
    /// Ids of the sorted vocabulary, ascending: compared as the stems themselves would be.
    Stems(Vec<u32>),
    Empty(String),
}

/// Groups of texts: a partition of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Every group, singletons included, as indices into the input, each sorted ascending;
    /// groups by size (largest first), then by their smallest index.
    pub clusters: Vec<Vec<usize>>,
    /// The suggested representative of each group (an index into the input, a member of the
    /// group at the same position in `clusters`).
    pub representatives: Vec<usize>,
    /// The group (position in `clusters`) of each input text.
    pub cluster_of: Vec<usize>,
    /// The threshold used.
    pub threshold: f64,
}

impl Clustering {
    /// Groups of more than one text.
    pub fn groups(&self) -> impl Iterator<Item = &[usize]> {
        self.clusters
            .iter()
            .filter(|c| c.len() > 1)
            .map(Vec::as_slice)
    }
}

/// Groups `texts` at `threshold` with the default [`Options`]; see [`Corpus::cluster`].
pub fn cluster(texts: &[&str], threshold: f64) -> Clustering {
    Corpus::new(texts).cluster(threshold)
}

/// The suggested representative of `members` (indices into `texts`), IDF computed on `texts`;
/// see [`Corpus::representative`]. `None` for no members.
pub fn representative(texts: &[&str], members: &[usize]) -> Option<usize> {
    Corpus::new(texts).representative(members)
}

/// The stems of every text as sorted, deduplicated ids into one vocabulary sorted
/// alphabetically (so ids do not depend on the order of the texts), on a few threads.
fn normalize_all(texts: &[&str]) -> (Vec<String>, Vec<Vec<u32>>) {
    let chunks: Vec<Chunk> = if threads() <= 1 || texts.len() < 2_000 {
        vec![normalize_chunk(texts)]
    } else {
        let size = texts.len().div_ceil(threads());
        std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .chunks(size)
                .map(|part| s.spawn(move || normalize_chunk(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("normalize thread"))
                .collect()
        })
    };
    let mut vocab: Vec<String> = chunks
        .iter()
        .flat_map(|c| c.stems.iter().cloned())
        .collect::<std::collections::HashSet<String>>()
        .into_iter()
        .collect();
    vocab.sort_unstable();
    let global: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i as u32))
        .collect();
    let mut all = Vec::with_capacity(texts.len());
    for c in &chunks {
        let map: Vec<u32> = c.stems.iter().map(|s| global[s.as_str()]).collect();
        for ids in &c.texts {
            let mut g: Vec<u32> = ids.iter().map(|&l| map[l as usize]).collect();
            g.sort_unstable();
            g.dedup();
            all.push(g);
        }
    }
    drop(global);
    (vocab, all)
}

impl Corpus {
    /// Normalizes `texts` and computes the IDF weights over them, with the default [`Options`].
    pub fn new(texts: &[&str]) -> Corpus {
        Corpus::with_options(texts, Options::default())
    }

    /// Same as [`Corpus::new`] with explicit [`Options`].
    pub fn with_options(texts: &[&str], options: Options) -> Corpus {
        let (vocab, stems) = normalize_all(texts);
        // Forms: texts with the same stem set.
        let mut form_index: HashMap<FormKey, u32> = HashMap::new();
        let mut keys = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut first: Vec<u32> = Vec::new();
        let mut form_of = Vec::with_capacity(texts.len());
        let mut df = vec![0u32; vocab.len()];
        for (i, ids) in stems.into_iter().enumerate() {
            for &t in &ids {
                df[t as usize] += 1;
            }
            let key = if ids.is_empty() {
                FormKey::Empty(crate::text::search_key(texts[i]))
            } else {
                FormKey::Stems(ids)
            };
            let f = match form_index.get(&key) {
                Some(&f) => f,
                None => {
                    let f = keys.len() as u32;
                    form_index.insert(key.clone(), f);
                    keys.push(key);
                    counts.push(0);
                    first.push(i as u32);
                    f
                }
            };
            counts[f as usize] += 1;
            form_of.push(f);
        }
        drop(form_index);
        // Forms numbered in the order of their keys, so nothing depends on the order of the texts.
        let mut by_key: Vec<u32> = (0..keys.len() as u32).collect();
        by_key.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        let mut new_id = vec![0u32; keys.len()];
        for (new, &old) in by_key.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        for f in &mut form_of {
            *f = new_id[*f as usize];
        }
        let take =
            |v: &mut Vec<u32>| -> Vec<u32> { by_key.iter().map(|&o| v[o as usize]).collect() };
        let counts = take(&mut counts);
        let first = take(&mut first);
        let mut keys_opt: Vec<Option<FormKey>> = keys.into_iter().map(Some).collect();
        let keys: Vec<FormKey> = by_key
            .iter()
            .map(|&o| keys_opt[o as usize].take().expect("each form once"))
            .collect();
        let form_ids: Vec<&[u32]> = keys
            .iter()
            .map(|k| match k {
                FormKey::Stems(ids) => ids.as_slice(),
                FormKey::Empty(_) => &[],
            })
            .collect();
        // Rank of each stem: rarest first, ties by the stem itself.
        let mut by_rarity: Vec<u32> = (0..vocab.len() as u32).collect();
        by_rarity.sort_unstable_by_key(|&t| (df[t as usize], t));
        let mut rank = vec![0u32; vocab.len()];
        for (r, &t) in by_rarity.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        let n = texts.len().max(1) as f64;
        let rare = (options.rare_share * n).max(1.0);
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| {
                if d < options.min_df {
                    0.0
                } else {
                    (1.0 + n / f64::from(d).max(rare)).ln() as f32
                }
            })
            .collect();
        let vectors = form_ids
            .into_iter()
            .map(|ids| {
                let mut v: Vec<(u32, f32)> = ids
                    .iter()
                    .copied()
                    .filter(|&t| idf[t as usize] > 0.0)
                    .map(|t| (rank[t as usize], idf[t as usize]))
                    .collect();
                v.sort_unstable_by_key(|&(r, _)| r);
                let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
                for e in &mut v {
                    e.1 /= norm;
                }
                v
            })
            .collect();
        Corpus {
            form_of,
            vectors,
            keys,
            counts,
            first,
        }
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.form_of.len()
    }

    /// True for no texts.
    pub fn is_empty(&self) -> bool {
        self.form_of.is_empty()
    }

    /// Similarity of texts `a` and `b`, in [0, 1]: 1 for the same stem set, 0 when they share no
    /// weighted stem.
    pub fn similarity(&self, a: usize, b: usize) -> f64 {
        let (fa, fb) = (self.form_of[a], self.form_of[b]);
        if fa == fb {
            return 1.0;
        }
        f64::from(dot(&self.vectors[fa as usize], &self.vectors[fb as usize])).min(1.0)
    }

    /// Groups the texts at `threshold` (see the module documentation for the three stages).
    pub fn cluster(&self, threshold: f64) -> Clustering {
        let forms = self.keys.len();
        // Canonical order: most frequent form first, then by key.
        let mut order: Vec<u32> = (0..forms as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.keys[a as usize].cmp(&self.keys[b as usize]))
        });
        // Final group of each form, as any label; forms with the same label are one group.
        let mut label: Vec<u64> = (0..forms as u64).collect();
        if threshold < 1.0 && forms > 0 {
            let t = threshold.max(1e-6) as f32;
            // Stage 1: forms around leader forms.
            let leader_of = leader_clustering(&self.vectors, &order, t);
            // Start: the stage-1 groups, labelled by their leader.
            for f in 0..forms {
                label[f] = u64::from(leader_of[f]);
            }
            for round in 1..=ROUNDS {
                // Stage 2: the groups' profiles around leader profiles.
                let mut groups: HashMap<u64, Vec<u32>> = HashMap::new();
                for f in 0..forms as u32 {
                    groups.entry(label[f as usize]).or_default().push(f);
                }
                // Forms are numbered canonically, so a group's first form is a canonical key.
                let mut groups: Vec<Vec<u32>> = groups.into_values().collect();
                let size = |g: &Vec<u32>| -> u64 {
                    g.iter().map(|&f| u64::from(self.counts[f as usize])).sum()
                };
                groups.sort_by_cached_key(|g| (std::cmp::Reverse(size(g)), g[0]));
                let profiles: Vec<Vec<(u32, f32)>> =
                    groups.iter().map(|g| self.profile(g)).collect();
                let group_order: Vec<u32> = (0..groups.len() as u32).collect();
                let merged_into = leader_clustering(&profiles, &group_order, t);
                let mut merged: HashMap<u32, Vec<u32>> = HashMap::new();
                for (g, &into) in merged_into.iter().enumerate() {
                    merged
                        .entry(into)
                        .or_default()
                        .extend_from_slice(&groups[g]);
                }
                let mut merged: Vec<(u32, Vec<u32>)> = merged.into_iter().collect();
                merged.sort_unstable_by_key(|m| m.0);
                // Stage 3: every form to the most similar merged profile, if it reaches the
                // threshold; otherwise it keeps its group.
                let centers: Vec<Vec<(u32, f32)>> =
                    merged.iter().map(|m| self.profile(&m.1)).collect();
                let best = assign(&self.vectors, &centers, t);
                for f in 0..forms {
                    if let Some(c) = best[f] {
                        label[f] = (round << 32) | u64::from(c);
                    }
                }
            }
        }
        // Groups of texts.
        let mut members_of: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, &f) in self.form_of.iter().enumerate() {
            members_of.entry(label[f as usize]).or_default().push(i);
        }
        let mut clusters: Vec<Vec<usize>> = members_of.into_values().collect();
        clusters.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        let representatives = clusters
            .iter()
            .map(|c| self.representative(c).expect("non-empty group"))
            .collect();
        let mut cluster_of = vec![0; self.len()];
        for (ci, c) in clusters.iter().enumerate() {
            for &i in c {
                cluster_of[i] = ci;
            }
        }
        Clustering {
            clusters,
            representatives,
            cluster_of,
            threshold,
        }
    }

    /// The member of `members` closest to their centroid (the sum of their vectors, one per
    /// text), ties broken by the form's stems and then the smallest index. `None` for no members.
    pub fn representative(&self, members: &[usize]) -> Option<usize> {
        let mut weight: HashMap<u32, u32> = HashMap::new();
        for &i in members {
            *weight.entry(self.form_of[i]).or_default() += 1;
        }
        let mut centroid: HashMap<u32, f64> = HashMap::new();
        let mut forms: Vec<(u32, u32)> = weight.into_iter().collect();
        forms.sort_unstable_by(|a, b| self.keys[a.0 as usize].cmp(&self.keys[b.0 as usize]));
        for &(f, k) in &forms {
            for &(r, w) in &self.vectors[f as usize] {
                *centroid.entry(r).or_default() += f64::from(w) * f64::from(k);
            }
        }
        let score = |f: u32| -> f64 {
            self.vectors[f as usize]
                .iter()
                .map(|&(r, w)| f64::from(w) * centroid.get(&r).copied().unwrap_or(0.0))
                .sum::<f64>()
        };
        let mut best: Option<(u32, f64)> = None;
        for &(f, _) in &forms {
            let s = score(f);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((f, s));
            }
        }
        let (f, _) = best?;
        members
            .iter()
            .copied()
            .filter(|&i| self.form_of[i] == f)
            .min()
    }

    /// The profile of a group of forms: the sum of their vectors (one per text), its
    /// [`PROFILE_STEMS`] heaviest stems, as a unit vector sorted by rank.
    fn profile(&self, forms: &[u32]) -> Vec<(u32, f32)> {
        let mut sum: HashMap<u32, f32> = HashMap::new();
        let mut sorted = forms.to_vec();
        sorted.sort_unstable();
        for &f in &sorted {
            let k = self.counts[f as usize] as f32;
            for &(r, w) in &self.vectors[f as usize] {
                *sum.entry(r).or_default() += w * k;
            }
        }
        let mut v: Vec<(u32, f32)> = sum.into_iter().collect();
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(PROFILE_STEMS);
        v.sort_unstable_by_key(|e| e.0);
        let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in &mut v {
                e.1 /= norm;
            }
        }
        v
    }

    /// Number of distinct forms (stem sets).
    pub fn forms(&self) -> usize {
        self.keys.len()
    }

    /// Smallest index of a text with the same form as `i`.
    pub fn first_of_form(&self, i: usize) -> usize {
        self.first[self.form_of[i] as usize] as usize
    }
}

/// Number of worker threads for the parallel parts.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// Leader clustering of `vectors` visited in `order`: each joins the most similar earlier leader
/// with similarity ≥ `t`, or becomes a leader; then every non-leader moves to its most similar
/// leader among all of them. Returns the leader (an index into `vectors`) of each vector.
fn leader_clustering(vectors: &[Vec<(u32, f32)>], order: &[u32], t: f32) -> Vec<u32> {
    let n = vectors.len();
    let prefixes: Vec<usize> = vectors.iter().map(|v| prefix_len(v, t)).collect();
    let mut leader_of = vec![u32::MAX; n];
    let mut index = Index::default();
    let mut seen = vec![u32::MAX; n];
    for (step, &f) in order.iter().enumerate() {
        let v = &vectors[f as usize];
        match index.best(v, prefixes[f as usize], vectors, t, &mut seen, step as u32) {
            Some(l) => leader_of[f as usize] = l,
            None => {
                leader_of[f as usize] = f;
                index.add(f, &v[..prefixes[f as usize]]);
            }
        }
    }
    let todo: Vec<u32> = (0..n as u32)
        .filter(|&f| leader_of[f as usize] != f)
        .collect();
    for (f, l) in parallel_best(&todo, vectors, &prefixes, &index, vectors, t) {
        if let Some(l) = l {
            leader_of[f as usize] = l;
        }
    }
    leader_of
}

/// The most similar of `centers` (similarity ≥ `t`) for each of `vectors`.
fn assign(vectors: &[Vec<(u32, f32)>], centers: &[Vec<(u32, f32)>], t: f32) -> Vec<Option<u32>> {
    let mut index = Index::default();
    for (c, v) in centers.iter().enumerate() {
        index.add(c as u32, &v[..prefix_len(v, t)]);
    }
    let prefixes: Vec<usize> = vectors.iter().map(|v| prefix_len(v, t)).collect();
    let all: Vec<u32> = (0..vectors.len() as u32).collect();
    let mut out = vec![None; vectors.len()];
    for (f, c) in parallel_best(&all, vectors, &prefixes, &index, centers, t) {
        out[f as usize] = c;
    }
    out
}

/// `index.best` for each of `items`, on a few threads.
fn parallel_best(
    items: &[u32],
    vectors: &[Vec<(u32, f32)>],
    prefixes: &[usize],
    index: &Index,
    targets: &[Vec<(u32, f32)>],
    t: f32,
) -> Vec<(u32, Option<u32>)> {
    let chunk = items.len().div_ceil(threads()).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut seen = vec![u32::MAX; targets.len()];
                    part.iter()
                        .enumerate()
                        .map(|(step, &f)| {
                            let v = &vectors[f as usize];
                            let best = index.best(
                                v,
                                prefixes[f as usize],
                                targets,
                                t,
                                &mut seen,
                                step as u32,
                            );
                            (f, best)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("cluster thread"))
            .collect()
    })
}

/// Inverted index from a stem (rank) to the targets whose prefix holds it.
#[derive(Default)]
struct Index {
    postings: HashMap<u32, Vec<u32>>,
}

impl Index {
    fn add(&mut self, target: u32, prefix: &[(u32, f32)]) {
        for &(r, _) in prefix {
            self.postings.entry(r).or_default().push(target);
        }
    }

    /// The target most similar to `v` with similarity ≥ `t` (the smallest target on ties).
    /// `seen[target] == stamp` marks targets already compared for this `v`.
    fn best(
        &self,
        v: &[(u32, f32)],
        prefix: usize,
        targets: &[Vec<(u32, f32)>],
        t: f32,
        seen: &mut [u32],
        stamp: u32,
    ) -> Option<u32> {
        let mut best: Option<(u32, f32)> = None;
        for &(r, _) in &v[..prefix] {
            let Some(list) = self.postings.get(&r) else {
                continue;
            };
            for &c in list {
                if seen[c as usize] == stamp {
                    continue;
                }
                seen[c as usize] = stamp;
                let s = dot(v, &targets[c as usize]);
                if s >= t && best.is_none_or(|(bc, bs)| s > bs || (s == bs && c < bc)) {
                    best = Some((c, s));
                }
            }
        }
        best.map(|(c, _)| c)
    }
}

/// Length of the prefix of `v` (sorted rarest first) after which the remaining squared weight is
/// below `t²`: a form whose cosine with `v` reaches `t` shares a stem with that prefix.
fn prefix_len(v: &[(u32, f32)], t: f32) -> usize {
    // Slightly conservative against rounding: the prefix may be one stem longer than needed.
    let bound = t * t * (1.0 - 1e-4);
    let mut rest: f32 = v.iter().map(|&(_, w)| w * w).sum();
    for (i, &(_, w)) in v.iter().enumerate() {
        if rest < bound {
            return i;
        }
        rest -= w * w;
    }
    v.len()
}

/// Dot product of two sparse vectors sorted by rank.
fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::synthetic;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thresholds_as_typed() {
        assert_eq!(parse_threshold("0,35"), Ok(0.35));
        assert_eq!(parse_threshold(" 0.5 "), Ok(0.5));
        assert_eq!(parse_threshold("40%"), Ok(0.4));
        assert_eq!(parse_threshold("0,10"), Ok(0.1));
        assert_eq!(parse_threshold("0,95"), Ok(0.95));
        for bad in ["", "abc", "0,05", "0,96", "1", "35", "-0,3", "NaN", "inf"] {
            let e = parse_threshold(bad).unwrap_err();
            assert_eq!(e.field, "threshold", "{bad}");
            assert!(e.message.contains("entre 0,10 e 0,95"), "{bad}");
        }
    }

    #[test]
    fn normalize_folds_case_accents_stop_words_and_stems() {
        assert_eq!(
            normalize("Ampliação dos CRAS, para as usuárias!"),
            normalize("ampliacao do cras para a usuaria")
        );
        assert_eq!(
            normalize("Garantir o cofinanciamento estadual"),
            vec!["garant", "cofinanci", "estad"]
        );
        assert!(normalize("de o a para com à às").is_empty());
        assert_eq!(normalize(""), Vec::<String>::new());
        // The negation and the proposal's verbs are kept.
        assert_eq!(normalize("não reduzir").len(), 2);
        assert_ne!(normalize("ampliar o BPC"), normalize("reduzir o BPC"));
    }

    #[test]
    fn variations_of_one_sentence_group_together() {
        let texts = [
            "Garantir o cofinanciamento estadual regular e automático para os CRAS.",
            "GARANTIR O COFINANCIAMENTO ESTADUAL REGULAR E AUTOMATICO PARA O CRAS",
            "garantir cofinanciamento estadual regular e automatico para o cras no município de Itabirito",
            "Realizar concurso público para os trabalhadores do SUAS",
            "Realizar concursos públicos para as trabalhadoras do SUAS.",
            "Garantir intérprete de Libras nos CRAS e CREAS",
        ];
        let c = cluster(&texts, DEFAULT_THRESHOLD);
        assert_eq!(c.cluster_of[0], c.cluster_of[1]);
        assert_eq!(c.cluster_of[0], c.cluster_of[2]);
        assert_eq!(c.cluster_of[3], c.cluster_of[4]);
        assert_ne!(c.cluster_of[0], c.cluster_of[3]);
        assert_ne!(c.cluster_of[5], c.cluster_of[0]);
        assert_eq!(c.clusters.len(), 3);
        assert_eq!(c.clusters[0], vec![0, 1, 2]);
        // The representative is the text closest to the others.
        assert_eq!(c.representatives[0], 0);
    }

    #[test]
    fn representative_is_the_central_member() {
        let texts = [
            "garantir transporte para delegados",
            "garantir transporte e alimentação para delegados",
            "garantir transporte, alimentação e hospedagem para delegados",
            "garantir alimentação e hospedagem para delegados",
        ];
        assert_eq!(representative(&texts, &[0, 1, 2]), Some(1));
        assert_eq!(representative(&texts, &[2]), Some(2));
        assert_eq!(representative(&texts, &[]), None);
    }

    #[test]
    fn empty_forms_join_only_identical_texts() {
        let texts = ["de", "de", "para a", "", "Ampliar CRAS", "ampliar cras"];
        let c = cluster(&texts, 0.1);
        assert_eq!(c.cluster_of[0], c.cluster_of[1]);
        assert_ne!(c.cluster_of[0], c.cluster_of[2]);
        assert_ne!(c.cluster_of[3], c.cluster_of[2]);
        assert_eq!(c.cluster_of[4], c.cluster_of[5]);
        assert_ne!(c.cluster_of[4], c.cluster_of[0]);
        assert!(cluster(&[], 0.5).clusters.is_empty());
    }

    #[test]
    fn no_chaining_through_intermediates() {
        // a~b and b~c but a and c share little: single link would join all three.
        let texts = [
            "alfa beta gama delta epsilon",
            "alfa beta gama delta epsilon zeta eta teta iota",
            "zeta eta teta iota kapa lambda mi",
        ];
        let corpus = Corpus::new(&texts);
        let t = 0.55;
        assert!(corpus.similarity(0, 1) >= t && corpus.similarity(1, 2) >= t - 0.2);
        let c = corpus.cluster(t);
        assert_ne!(c.cluster_of[0], c.cluster_of[2]);
    }

    #[test]
    fn synthetic_set_is_grouped_well() {
        let ps = synthetic::generate(60, 30, 42);
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        let truth: Vec<usize> = ps.iter().map(|p| p.truth).collect();
        let c = cluster(&texts, DEFAULT_THRESHOLD);
        let q = synthetic::quality(&c.cluster_of, &truth);
        assert!(q.precision > 0.8 && q.recall > 0.6, "{q:?}");
    }

    /// `cargo test -p conferencia-domain --release -- --ignored big --nocapture`: the
    /// benchmark's size, timed, with the quality at several thresholds.
    #[test]
    #[ignore]
    fn big() {
        let started = std::time::Instant::now();
        let ps = synthetic::generate(5_570, 30, 2025);
        let generated = started.elapsed().as_secs_f64();
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        let truth: Vec<usize> = ps.iter().map(|p| p.truth).collect();
        let rare: Vec<f64> = std::env::var("RARE")
            .ok()
            .map(|s| s.split(',').map(|x| x.parse().unwrap()).collect())
            .unwrap_or(vec![Options::default().rare_share]);
        let thresholds: Vec<f64> = std::env::var("THRESHOLDS")
            .ok()
            .map(|s| s.split(',').map(|x| x.parse().unwrap()).collect())
            .unwrap_or(vec![DEFAULT_THRESHOLD]);
        for r in rare {
            let t0 = std::time::Instant::now();
            let corpus = Corpus::with_options(
                &texts,
                Options {
                    rare_share: r,
                    ..Options::default()
                },
            );
            let prepared = t0.elapsed().as_secs_f64();
            for &t in &thresholds {
                let t1 = std::time::Instant::now();
                let c = corpus.cluster(t);
                let q = synthetic::quality(&c.cluster_of, &truth);
                println!(
                    "rare_share {r} threshold {t}: {} texts, {} forms, {} clusters, prepare {prepared:.2} s, cluster {:.2} s (generation {generated:.2} s); precision {:.4} recall {:.4} F1 {:.4}",
                    texts.len(),
                    corpus.forms(),
                    c.clusters.len(),
                    t1.elapsed().as_secs_f64(),
                    q.precision,
                    q.recall,
                    q.f1
                );
            }
        }
    }

    /// `cargo test -p conferencia-domain --release -- --ignored sample --nocapture`: the largest
    /// groups of a mid-size synthetic set, with their representative and where they came from.
    #[test]
    #[ignore]
    fn sample() {
        let ps = synthetic::generate(500, 30, 7);
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        let c = cluster(&texts, DEFAULT_THRESHOLD);
        for (ci, members) in c.clusters.iter().enumerate().take(80) {
            let mut truths: HashMap<usize, usize> = HashMap::new();
            for &i in members {
                *truths.entry(ps[i].truth).or_default() += 1;
            }
            let mut truths: Vec<(usize, usize)> = truths.into_iter().collect();
            truths.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            truths.truncate(3);
            println!(
                "{} texts, bases {:?}: {}",
                members.len(),
                truths,
                texts[c.representatives[ci]]
            );
        }
    }

    const WORDS: &[&str] = &[
        "garantir",
        "ampliar",
        "cofinanciamento",
        "estadual",
        "CRAS",
        "CREAS",
        "equipes",
        "referência",
        "concurso",
        "público",
        "transporte",
        "delegados",
        "benefícios",
        "eventuais",
        "BPC",
        "Cadastro",
        "Único",
        "população",
        "rua",
        "acessibilidade",
        "Libras",
        "controle",
        "social",
        "vigilância",
        "socioassistencial",
        "usuários",
        "trabalhadoras",
        "idosos",
        "crianças",
        "adolescentes",
        "família",
        "conselho",
        "municipal",
        "recursos",
        "fundo",
        "serviço",
        "acolhimento",
        "renda",
        "saúde",
        "educação",
    ];

    /// Words and another inflection of them (plural, gender); verbs and acronyms stay.
    const INFLECTED: &[(&str, &str)] = &[
        ("garantir", "garantir"),
        ("ampliar", "ampliar"),
        ("cofinanciamento", "cofinanciamentos"),
        ("estadual", "estaduais"),
        ("CRAS", "CRAS"),
        ("equipe", "equipes"),
        ("referência", "referências"),
        ("concurso", "concursos"),
        ("público", "pública"),
        ("transporte", "transportes"),
        ("delegado", "delegadas"),
        ("benefício", "benefícios"),
        ("eventual", "eventuais"),
        ("ação", "ações"),
        ("usuário", "usuárias"),
        ("trabalhador", "trabalhadoras"),
        ("idoso", "idosas"),
        ("criança", "crianças"),
        ("família", "famílias"),
        ("conselho", "conselhos"),
        ("municipal", "municipais"),
        ("recurso", "recursos"),
        ("serviço", "serviços"),
        ("social", "sociais"),
        ("profissional", "profissionais"),
        ("jovem", "jovens"),
        ("mulher", "mulheres"),
        ("papel", "papéis"),
        ("básica", "básicos"),
        ("continuado", "continuadas"),
    ];

    fn text_of(ws: &[usize]) -> String {
        ws.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ")
    }

    fn texts_strategy() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::collection::vec(0..WORDS.len(), 1..7).prop_map(|ws| text_of(&ws)),
            1..25,
        )
    }

    fn check_partition(c: &Clustering, n: usize) -> Result<(), TestCaseError> {
        let mut seen = vec![false; n];
        prop_assert_eq!(c.clusters.len(), c.representatives.len());
        for (ci, members) in c.clusters.iter().enumerate() {
            prop_assert!(!members.is_empty());
            prop_assert!(members.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(members.contains(&c.representatives[ci]));
            for &i in members {
                prop_assert!(!seen[i]);
                seen[i] = true;
                prop_assert_eq!(c.cluster_of[i], ci);
            }
        }
        prop_assert!(seen.iter().all(|s| *s));
        Ok(())
    }

    /// The partition as sets of indices, comparable whatever the order of the groups.
    fn as_sets(c: &Clustering) -> std::collections::BTreeSet<Vec<usize>> {
        c.clusters.iter().cloned().collect()
    }

    proptest! {
        #[test]
        fn normalize_folds_like_search_key(s in "[a-zA-ZçÇãõáéíóúâêôàüÁÉÍÓÚÂÊÔÃÕ ,.;:()'-]{0,60}|.{0,40}") {
            // The fast folding of `normalize` agrees with the NFD folding of `search_key`.
            let expected: Vec<String> = crate::text::search_key(&s)
                .split(' ')
                .filter(|w| w.chars().count() > 1 && !is_stop_word(w))
                .map(stem)
                .collect();
            prop_assert_eq!(normalize(&s), expected);
        }

        #[test]
        fn output_is_a_partition(texts in texts_strategy(), t in 0.05f64..1.2) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            check_partition(&cluster(&refs, t), refs.len())?;
        }

        #[test]
        fn identical_texts_always_together(texts in texts_strategy(), k in 0usize..100, t in 0.05f64..1.2) {
            let mut texts = texts;
            let dup = texts[k % texts.len()].clone();
            texts.push(dup);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let c = cluster(&refs, t);
            prop_assert_eq!(c.cluster_of[k % (refs.len() - 1)], c.cluster_of[refs.len() - 1]);
        }

        #[test]
        fn disjoint_texts_never_together(
            texts in texts_strategy(),
            a in prop::collection::vec(0..20usize, 1..6),
            b in prop::collection::vec(20..40usize, 1..6),
            t in 0.71f64..1.0,
        ) {
            // Above 1/√2, two texts orthogonal to each other cannot both reach the threshold
            // with one representative; below it, see `disjoint_pair_alone_never_together`.
            let mut texts = texts;
            texts.push(text_of(&a));
            texts.push(text_of(&b));
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let c = cluster(&refs, t);
            prop_assert_ne!(c.cluster_of[refs.len() - 2], c.cluster_of[refs.len() - 1]);
        }

        #[test]
        fn disjoint_pair_alone_never_together(
            a in prop::collection::vec(0..20usize, 1..6),
            b in prop::collection::vec(20..40usize, 1..6),
            t in 0.01f64..1.0,
        ) {
            let (ta, tb) = (text_of(&a), text_of(&b));
            let c = cluster(&[&ta, &tb], t);
            prop_assert_ne!(c.cluster_of[0], c.cluster_of[1]);
        }

        #[test]
        fn threshold_one_joins_only_equal_forms(texts in texts_strategy()) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let c = cluster(&refs, 1.0);
            let form = |s: &str| {
                let mut v = normalize(s);
                v.sort();
                v.dedup();
                v
            };
            for members in &c.clusters {
                for &i in members {
                    prop_assert_eq!(form(refs[i]), form(refs[members[0]]));
                }
            }
        }

        #[test]
        fn order_does_not_change_the_partition(
            texts in texts_strategy(),
            seed in any::<u64>(),
            t in 0.05f64..1.0,
        ) {
            let n = texts.len();
            // A permutation from the seed.
            let mut rng = synthetic::Rng::new(seed);
            let mut perm: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                perm.swap(i, rng.below(i + 1));
            }
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let shuffled: Vec<&str> = perm.iter().map(|&i| refs[i]).collect();
            let a = cluster(&refs, t);
            let b = cluster(&shuffled, t);
            let mut mapped = b.clone();
            for members in &mut mapped.clusters {
                for i in members.iter_mut() {
                    *i = perm[*i];
                }
                members.sort_unstable();
            }
            prop_assert_eq!(as_sets(&a), as_sets(&mapped));
        }

        #[test]
        fn accents_case_and_plurals_group_at_the_default(
            ws in prop::collection::vec((0..INFLECTED.len(), any::<bool>()), 2..8),
            others in texts_strategy(),
        ) {
            // The same sentence with its words in one inflection, and again in another
            // (plural, feminine), and once more in upper case without accents.
            let s: Vec<&str> = ws.iter().map(|&(w, _)| INFLECTED[w].0).collect();
            let s = s.join(" ");
            let other: Vec<&str> = ws
                .iter()
                .map(|&(w, flip)| if flip { INFLECTED[w].1 } else { INFLECTED[w].0 })
                .collect();
            let other = other.join(" ");
            let folded = super::synthetic::strip_accents_for_tests(&s).to_uppercase();
            let mut texts = others;
            texts.extend([s, folded, other]);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let c = cluster(&refs, DEFAULT_THRESHOLD);
            let k = refs.len();
            prop_assert_eq!(c.cluster_of[k - 3], c.cluster_of[k - 2]);
            prop_assert_eq!(c.cluster_of[k - 3], c.cluster_of[k - 1], "{:?} {:?}", refs, c);
        }
    }
}
