//! A Portuguese stemmer: a reduced RSLP ("Removedor de Sufixos da Língua Portuguesa", Orengo &
//! Huyck, 2001), written from the published description of its steps.
//!
//! The input is one lower-case word **without accents** (what [`super::normalize`] produces), so
//! the rules are written accent-free ("ões" → "oes"). The steps run in RSLP's order:
//!
//! 1. plural (only for words ending in "s"): "ões"/"ães" → "ão", "ais" → "al", "éis" → "el",
//!    "res" → "r", "ns" → "m", "s" → "";
//! 2. feminine (only for words ending in "a"): "ora" → "or", "ica" → "ico", "ada" → "ado",
//!    "eira" → "eiro", "ária" → "ário" (our addition: usuária/usuário, beneficiária/beneficiário)…;
//! 3. augmentative/diminutive: "íssimo", "inho", "zão", and "ão" (which, as in RSLP, leaves the
//!    "ç" of "-ção" for the noun step: "ampliação" → "ampliaç" → "ampli");
//! 4. adverb: "mente";
//! 5. noun suffixes: "amento", "ência", "encial", "ador", "idade", "aç", "ário", "al"…;
//! 6. verb suffixes, only if no noun suffix was removed: "ar", "er", "ir", "ando", "aram"…;
//! 7. final vowel ("a", "e", "o"), only if neither step 5 nor step 6 removed anything.
//!
//! Each rule has RSLP's shape: a suffix, a minimum length of what remains, a replacement and
//! whole-word exceptions. The first rule of a step that applies ends the step. "Reduced" means:
//! the rule lists keep the suffixes that matter for the texts councils write (about 60% of the
//! original noun and verb lists) and short exception lists; a few minimum lengths were lowered
//! ("ões" needs 1 letter, so "ações" meets "ação"). Plurals and genders always meet
//! ("usuários", "usuária", "usuárias" → "usu"); derivations sometimes do ("assistência",
//! "assistencial" → "assist"; "ampliação", "ampliar" → "ampli") and sometimes not ("municípios" →
//! "municipi", "municipal" → "municip").

struct Rule {
    suffix: &'static str,
    min_stem: usize,
    replacement: &'static str,
    exceptions: &'static [&'static str],
}

const fn r(
    suffix: &'static str,
    min_stem: usize,
    replacement: &'static str,
    exceptions: &'static [&'static str],
) -> Rule {
    Rule {
        suffix,
        min_stem,
        replacement,
        exceptions,
    }
}

const PLURAL: &[Rule] = &[
    r("ns", 1, "m", &[]),
    r("oes", 1, "ao", &[]),
    r("aes", 1, "ao", &["maes"]),
    r("ais", 1, "al", &["cais", "mais"]),
    r("eis", 2, "el", &[]),
    r("ois", 2, "ol", &[]),
    r(
        "is",
        2,
        "il",
        &[
            "lapis", "cais", "mais", "crucis", "biquinis", "pois", "depois", "dois", "leis", "pais",
        ],
    ),
    r("les", 3, "l", &[]),
    r("res", 3, "r", &["arvores"]),
    r(
        "s",
        2,
        "",
        &[
            "alias", "pires", "lapis", "cais", "mais", "mas", "menos", "ferias", "fezes",
            "pesames", "crucis", "gas", "atras", "moises", "atraves", "convas", "pais", "apos",
            "ambas", "ambos", "messias", "simples", "lucas", "tres", "pais",
        ],
    ),
];

const FEMININE: &[Rule] = &[
    r(
        "ona",
        3,
        "ao",
        &["abandona", "lona", "iona", "maratona", "acetona", "carona"],
    ),
    r("ora", 3, "or", &[]),
    r(
        "na",
        4,
        "no",
        &[
            "carona", "abandona", "lona", "iona", "maratona", "acetona", "guiana", "campana",
            "grana", "caravana", "banana", "paisana",
        ],
    ),
    r("inha", 3, "inho", &["rainha", "linha", "minha"]),
    r(
        "esa",
        3,
        "es",
        &[
            "mesa", "obesa", "princesa", "turquesa", "ilesa", "pesa", "presa",
        ],
    ),
    r("osa", 3, "oso", &["mucosa", "prosa"]),
    r("iaca", 3, "iaco", &[]),
    r("ica", 3, "ico", &["dica"]),
    r("ada", 2, "ado", &["pitada"]),
    r("ida", 3, "ido", &["vida", "duvida"]),
    r("ima", 3, "imo", &["vitima"]),
    r("iva", 3, "ivo", &["saliva", "oliva"]),
    r(
        "eira",
        3,
        "eiro",
        &[
            "beira",
            "cadeira",
            "bandeira",
            "feira",
            "capoeira",
            "barreira",
            "fronteira",
            "besteira",
            "poeira",
        ],
    ),
    r("aria", 3, "ario", &[]),
];

const AUGMENTATIVE: &[Rule] = &[
    r("abilissimo", 5, "", &[]),
    r("issimo", 3, "", &[]),
    r("esimo", 3, "", &[]),
    r("errimo", 4, "", &[]),
    r("zinho", 2, "", &[]),
    r("quinho", 4, "c", &[]),
    r("uinho", 4, "", &[]),
    r("adinho", 3, "", &[]),
    r("inho", 3, "", &["caminho", "cominho", "sozinho", "vizinho"]),
    r("alhao", 4, "", &[]),
    r("zao", 2, "", &["coalizao"]),
    r(
        "ao",
        3,
        "",
        &[
            "camarao", "cancao", "coracao", "embriao", "feicao", "furacao", "nacao", "orgao",
            "patrao", "portao", "tracao", "cordao", "aptidao", "campeao", "milhao", "bilhao",
            "cristao", "capitao", "estacao", "senao",
        ],
    ),
];

const ADVERB: &[Rule] = &[r("mente", 4, "", &["experimente"])];

const NOUN: &[Rule] = &[
    r("encialista", 4, "", &[]),
    r("alista", 5, "", &[]),
    r(
        "agem",
        3,
        "",
        &["coragem", "chantagem", "vantagem", "carruagem"],
    ),
    r(
        "amento",
        3,
        "",
        &["firmamento", "fundamento", "departamento"],
    ),
    r("imento", 3, "", &[]),
    r("mento", 6, "", &["elemento", "complemento", "instrumento"]),
    r("alizado", 4, "", &[]),
    r("atizado", 4, "", &[]),
    r("izado", 5, "", &["organizado"]),
    r("ativo", 4, "", &["pejorativo", "relativo"]),
    r("tivo", 4, "", &["relativo"]),
    r("ivo", 4, "", &["passivo", "possessivo", "positivo"]),
    r("ado", 2, "", &["grado"]),
    r("ido", 3, "", &["candido", "rapido", "timido", "marido"]),
    r("ador", 3, "", &[]),
    r("edor", 3, "", &[]),
    r("idor", 4, "", &["ouvidor"]),
    r("atoria", 5, "", &[]),
    r(
        "or",
        2,
        "",
        &[
            "motor", "melhor", "redor", "rigor", "tambor", "tumor", "favor",
        ],
    ),
    r("abilidade", 5, "", &[]),
    r("icionista", 4, "", &[]),
    r("cionista", 5, "", &[]),
    r("ionista", 5, "", &[]),
    r("ionar", 5, "", &[]),
    r("ional", 4, "", &[]),
    r("encial", 5, "", &[]),
    r("encia", 3, "", &[]),
    r("ancia", 4, "", &["ambulancia"]),
    r("queiro", 3, "c", &[]),
    r("adeiro", 4, "", &[]),
    r("eiro", 3, "", &["pioneiro"]),
    r("oso", 3, "", &["precioso"]),
    r("alizac", 5, "", &[]),
    r("ismo", 3, "", &["cinismo"]),
    r("izac", 5, "", &[]),
    r("ac", 3, "", &["equac"]),
    r("ic", 3, "", &[]),
    r(
        "ario",
        3,
        "",
        &["salario", "aniversario", "diario", "armario"],
    ),
    r("atorio", 3, "", &[]),
    r("eza", 3, "", &[]),
    r(
        "ante",
        2,
        "",
        &["gigante", "elefante", "adiante", "instante", "restaurante"],
    ),
    r("astico", 4, "", &[]),
    r(
        "tico",
        3,
        "",
        &["politico", "diagnostico", "pratico", "domestico", "critico"],
    ),
    r("ico", 4, "", &["publico"]),
    r("ividade", 5, "", &[]),
    r("idade", 4, "", &["autoridade", "comunidade"]),
    r("oria", 4, "", &["categoria"]),
    r("ista", 4, "", &[]),
    r("ice", 4, "", &[]),
    r("ente", 4, "", &["permanente", "aparente", "oriente"]),
    r("ense", 5, "", &[]),
    r("inal", 3, "", &[]),
    r("avel", 2, "", &["afavel", "razoavel", "vulneravel"]),
    r("ivel", 3, "", &["possivel"]),
    r("ura", 4, "", &["costura"]),
    r("ual", 3, "", &["virtual", "visual", "pontual"]),
    r("ial", 3, "", &[]),
    r(
        "al",
        4,
        "",
        &[
            "animal", "estatal", "fiscal", "formal", "pessoal", "liberal", "postal",
        ],
    ),
];

const VERB: &[Rule] = &[
    r("ariamos", 2, "", &[]),
    r("eriamos", 2, "", &[]),
    r("iriamos", 3, "", &[]),
    r("assemos", 2, "", &[]),
    r("essemos", 2, "", &[]),
    r("issemos", 3, "", &[]),
    r("aremos", 2, "", &[]),
    r("eremos", 2, "", &[]),
    r("iremos", 3, "", &[]),
    r("ariam", 2, "", &[]),
    r("eriam", 2, "", &[]),
    r("iriam", 3, "", &[]),
    r("assem", 2, "", &[]),
    r("essem", 2, "", &[]),
    r("issem", 3, "", &[]),
    r("arias", 2, "", &[]),
    r("aram", 2, "", &[]),
    r("eram", 2, "", &[]),
    r("iram", 3, "", &[]),
    r("avam", 2, "", &[]),
    r("arem", 2, "", &[]),
    r("erem", 2, "", &[]),
    r("irem", 3, "", &[]),
    r("ando", 2, "", &[]),
    r("endo", 3, "", &[]),
    r("indo", 3, "", &[]),
    r("ondo", 3, "", &[]),
    r("aria", 2, "", &[]),
    r("eria", 2, "", &[]),
    r("iria", 3, "", &[]),
    r("asse", 2, "", &[]),
    r("esse", 2, "", &[]),
    r("isse", 3, "", &[]),
    r("amos", 2, "", &[]),
    r("emos", 2, "", &[]),
    r("imos", 3, "", &[]),
    r("ava", 2, "", &[]),
    r("iam", 3, "", &[]),
    r("ar", 2, "", &[]),
    r("er", 2, "", &[]),
    r("ir", 3, "", &[]),
    r("am", 2, "", &[]),
    r("em", 2, "", &[]),
    r("ou", 3, "", &[]),
    r("eu", 3, "", &[]),
    r("iu", 3, "", &[]),
    r("ia", 3, "", &[]),
    r("ei", 3, "", &[]),
];

const VOWEL: &[Rule] = &[r("a", 3, "", &[]), r("e", 3, "", &[]), r("o", 3, "", &[])];

/// Applies the first rule of `rules` that fits `word`; true if one did.
fn apply(word: &mut String, rules: &[Rule]) -> bool {
    for rule in rules {
        if let Some(stem) = word.strip_suffix(rule.suffix)
            && stem.chars().count() >= rule.min_stem
            && !rule.exceptions.contains(&word.as_str())
        {
            let keep = stem.len();
            word.truncate(keep);
            word.push_str(rule.replacement);
            return true;
        }
    }
    false
}

/// The stem of one lower-case, accent-free word (see the module documentation).
/// `stem("usuarias") == stem("usuario")`; words of 3 letters or fewer are returned as they are.
pub fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    if w.chars().count() <= 3 {
        return w;
    }
    if w.ends_with('s') {
        apply(&mut w, PLURAL);
    }
    if w.ends_with('a') {
        apply(&mut w, FEMININE);
    }
    apply(&mut w, AUGMENTATIVE);
    apply(&mut w, ADVERB);
    if !apply(&mut w, NOUN) && !apply(&mut w, VERB) {
        apply(&mut w, VOWEL);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn same(words: &[&str]) {
        let first = stem(words[0]);
        for w in words {
            assert_eq!(stem(w), first, "{w} vs {}", words[0]);
        }
    }

    #[test]
    fn plurals_and_genders_meet() {
        same(&["usuarios", "usuario", "usuarias", "usuaria"]);
        same(&[
            "trabalhadores",
            "trabalhador",
            "trabalhadoras",
            "trabalhadora",
        ]);
        same(&["beneficios", "beneficio"]);
        same(&["beneficiarios", "beneficiaria", "beneficiario"]);
        same(&["eventuais", "eventual"]);
        same(&["acoes", "acao"]);
        same(&["equipes", "equipe"]);
        same(&["publicos", "publico", "publica", "publicas"]);
        same(&["sociais", "social"]);
        same(&["papeis", "papel"]);
        same(&["jovens", "jovem"]);
        same(&["mulheres", "mulher"]);
        same(&["idosos", "idoso", "idosas", "idosa"]);
        same(&["basica", "basico", "basicas"]);
        same(&["continuada", "continuado", "continuadas"]);
        same(&["pequena", "pequeno", "pequenos"]);
    }

    #[test]
    fn some_derivations_meet() {
        same(&["assistencia", "assistencial", "assistenciais"]);
        same(&["ampliacao", "ampliar", "ampliacoes", "ampliando"]);
        same(&["financiamento", "financiar"]);
        same(&["gestao", "gestor", "gestores"]);
        same(&["trabalho", "trabalhador"]);
        assert_ne!(stem("municipios"), stem("municipal"));
    }

    #[test]
    fn known_stems() {
        assert_eq!(stem("usuarios"), "usu");
        assert_eq!(stem("assistencia"), "assist");
        assert_eq!(stem("ampliacao"), "ampli");
        assert_eq!(stem("cofinanciamento"), "cofinanci");
        assert_eq!(stem("rapidamente"), "rapid");
        assert_eq!(stem("cras"), "cra");
        assert_eq!(stem("mais"), "mais");
        assert_eq!(stem("bpc"), "bpc");
    }

    #[test]
    fn different_meanings_stay_apart() {
        assert_ne!(stem("ampliar"), stem("reduzir"));
        assert_ne!(stem("criancas"), stem("idosos"));
        assert_ne!(stem("cras"), stem("creas"));
    }

    #[test]
    fn never_empty_and_idempotent_enough() {
        for w in [
            "a", "as", "ao", "mente", "ar", "aria", "ssss", "aaaa", "ões",
        ] {
            assert!(!stem(w).is_empty(), "{w}");
        }
    }
}
