//! A synthetic but realistic set of SUAS proposals with a known ground truth, for the
//! systematization benchmark and tests. Seedable and deterministic (its own small PRNG).
//!
//! Each municipality sends `per_municipality` proposals. Most come from a pool of base proposals
//! on real themes of the SUAS conferences (CRAS/CREAS funding, reference teams, public
//! examinations, transport to conferences, benefícios eventuais, BPC, Cadastro Único, street
//! population, accessibility, Libras, social control, state and federal co-financing,
//! socio-assistance surveillance…), popular ones more often. Each base is a small template with
//! alternatives (`{a|b}`) and optional parts (`[…]`), so two municipalities seldom write the same
//! words; then each copy is varied: an opening ("Que o Estado…"), the municipality's name or a
//! closing clause, plural/gender changes, synonyms, two clauses swapped, accents dropped, upper
//! case, one or two typos. A few proposals are local and unique (their own ground truth).

/// One generated proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub text: String,
    /// The ground truth: the base it was written from (local proposals have a truth of their
    /// own, `BASES.len() + k`).
    pub truth: usize,
    /// Index of the municipality that sent it.
    pub municipality: usize,
}

/// A small PRNG (SplitMix64), enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Base proposals: templates with `{a|b|…}` alternatives and `[…]` optional parts (nestable).
pub const BASES: &[&str] = &[
    // Financing of CRAS and CREAS
    "{Garantir|Assegurar} o cofinanciamento estadual {regular e automático|fundo a fundo} para {a manutenção dos|os} CRAS[, com reajuste anual dos valores]",
    "{Garantir|Assegurar} o cofinanciamento estadual {regular e automático|fundo a fundo} para os CREAS {municipais|e regionais}[, com reajuste anual]",
    "Recompor o orçamento federal do SUAS, {garantindo|assegurando} o repasse regular {dos recursos|das parcelas} do cofinanciamento federal aos fundos municipais[ sem atrasos]",
    "Aprovar a PEC que vincula {no mínimo|pelo menos} 1% da receita corrente líquida {da União, dos estados e dos municípios|dos entes federados} ao financiamento da assistência social",
    "{Criar|Instituir} um piso estadual de financiamento da proteção social especial de média complexidade[ para os municípios de pequeno porte]",
    "{Ampliar|Aumentar} os recursos {do Fundo Estadual de Assistência Social|do FEAS} {destinados aos|para os} benefícios eventuais[ e revisar os critérios de partilha]",
    // Reference teams and workers
    "{Garantir|Assegurar} equipes de referência completas nos CRAS e CREAS conforme a NOB-RH/SUAS[, com assistente social e psicólogo em todas as unidades]",
    "Realizar concurso público para {os trabalhadores do SUAS|as trabalhadoras e trabalhadores do SUAS}[, extinguindo os contratos temporários e terceirizados]",
    "{Implantar|Implementar} o plano de cargos, carreiras e salários {dos trabalhadores|das trabalhadoras e trabalhadores} do SUAS {com piso salarial|e o piso salarial} {nacional|da categoria}",
    "{Garantir|Assegurar} a jornada de 30 horas semanais {para os assistentes sociais e psicólogos|para todos os profissionais} do SUAS{| sem redução salarial}",
    "Promover {capacitação|formação} continuada {dos|para os} trabalhadores do SUAS {por meio do|pelo} CapacitaSUAS[, com carga horária garantida no expediente]",
    "{Instituir|Criar} mesas de gestão do trabalho no SUAS {nos municípios|em âmbito municipal} com participação dos trabalhadores[ e de seus sindicatos]",
    "{Garantir|Assegurar} supervisão técnica {e apoio psicológico|e cuidado em saúde mental} {para|aos} trabalhadores {da assistência social|do SUAS}",
    // Transport and participation
    "{Garantir|Assegurar} transporte {e alimentação|, hospedagem e alimentação} para {os delegados|as delegadas e delegados} {das conferências municipais|dos municípios} participarem das conferências estadual e nacional",
    "{Garantir|Oferecer} transporte gratuito para {os usuários|as usuárias e usuários} participarem das reuniões do conselho municipal[ e das pré-conferências]",
    "{Ampliar|Fortalecer} a participação {dos usuários|das usuárias e usuários} nos conselhos de assistência social, {com fóruns de usuários|criando fóruns municipais de usuários}[ e ajuda de custo]",
    "Realizar pré-conferências {nos territórios|nos bairros e na zona rural} {com|e} {linguagem acessível|materiais em linguagem simples}[ para ampliar a participação popular]",
    // Social control
    "{Garantir|Assegurar} {dotação orçamentária|recursos próprios} {para o funcionamento|para a manutenção} do conselho municipal de assistência social[, com secretaria executiva]",
    "{Fortalecer|Qualificar} o controle social {por meio da|com} capacitação permanente {dos conselheiros|das conselheiras e conselheiros} de assistência social",
    "{Garantir|Assegurar} {a paridade|a composição paritária} {e a eleição da sociedade civil em foro próprio|com eleição em foro próprio da sociedade civil} nos conselhos de assistência social",
    "{Garantir|Assegurar} que os conselhos {aprovem|deliberem sobre} o plano de ação e {fiscalizem|acompanhem} a execução dos recursos {do cofinanciamento|dos fundos de assistência social}",
    // Benefits
    "{Regulamentar|Atualizar} {a lei municipal|a legislação} dos benefícios eventuais, {garantindo|assegurando} {auxílio natalidade, auxílio funeral e auxílio em situação de calamidade|auxílio funeral, natalidade e calamidade pública}",
    "{Garantir|Assegurar} a oferta de benefícios eventuais {em situações de emergência e calamidade pública|em casos de calamidade e emergência}[ com recursos do cofinanciamento estadual]",
    "{Ampliar|Alterar} o critério de renda {do BPC|do Benefício de Prestação Continuada} para meio salário mínimo per capita",
    "{Desburocratizar|Simplificar} o acesso ao BPC {para idosos e pessoas com deficiência|para pessoas idosas e com deficiência}, {reduzindo o tempo de espera|com redução da fila} {da perícia|das avaliações} do INSS",
    "{Garantir|Assegurar} {que o BPC não seja desvinculado do salário mínimo|a vinculação do BPC ao salário mínimo}[ e rejeitar qualquer proposta de redução do benefício]",
    "{Ampliar|Aumentar} o valor {do Programa Bolsa Família|do Bolsa Família} e {garantir|assegurar} {o reajuste anual|a correção anual} {pela inflação|de acordo com a inflação}",
    // Cadastro Único
    "{Ampliar|Reforçar} as equipes do Cadastro Único {para reduzir|e reduzir} {as filas de atendimento|o tempo de espera} {nos CRAS|nos municípios}",
    "{Garantir|Assegurar} a {atualização cadastral|revisão cadastral} do Cadastro Único {com busca ativa|por meio de busca ativa} {nas comunidades rurais|na zona rural e nas comunidades tradicionais}",
    "{Aumentar|Reajustar} o valor do Índice de Gestão Descentralizada {do Programa Bolsa Família e do Cadastro Único|IGD-PBF} repassado aos municípios",
    // Street population
    "{Implantar|Criar} {Centros POP|Centro de Referência Especializado para População em Situação de Rua} nos municípios {de médio e grande porte|com mais de 100 mil habitantes}",
    "{Ampliar|Criar} {vagas de acolhimento institucional|serviços de acolhimento} para a população em situação de rua, {com|incluindo} {repúblicas|moradia primeiro}",
    "{Garantir|Assegurar} {equipes de abordagem social|o serviço especializado em abordagem social} {nos municípios|em todos os municípios} {de médio porte|com população em situação de rua}[, funcionando também à noite]",
    // Accessibility and Libras
    "{Garantir|Assegurar} {intérprete de Libras|intérpretes de Libras} {nos CRAS e CREAS|em todas as unidades do SUAS} {e nas conferências|e nos eventos do controle social}",
    "{Adequar|Adaptar} os prédios {dos CRAS e CREAS|das unidades socioassistenciais} {às normas de acessibilidade|à NBR 9050}, {com rampas, banheiros adaptados e piso tátil|garantindo acessibilidade arquitetônica}",
    "{Garantir|Assegurar} materiais {em braile, audiodescrição e linguagem simples|acessíveis em braile e com audiodescrição} nos serviços {socioassistenciais|da assistência social}",
    "{Capacitar|Formar} {os trabalhadores do SUAS|as equipes dos CRAS} em Libras[ básica] para o atendimento {das pessoas surdas|da comunidade surda}",
    // Surveillance and management
    "{Implantar|Estruturar} a vigilância socioassistencial {nos municípios|em todos os municípios} {com equipe própria|com técnicos exclusivos} e {diagnóstico territorial|diagnósticos dos territórios}[ atualizado a cada dois anos]",
    "{Criar|Implantar} um sistema {estadual|informatizado} {de informação|integrado} da assistência social {integrado ao Prontuário SUAS|com prontuário eletrônico}",
    "{Realizar|Elaborar} {o diagnóstico socioterritorial|diagnósticos socioterritoriais} {para orientar|orientando} o planejamento {da rede|dos serviços} socioassistencial",
    "{Garantir|Assegurar} {assessoria técnica|apoio técnico} {do governo estadual|da secretaria estadual} aos municípios {de pequeno porte|de pequeno porte I e II} na gestão do SUAS",
    "{Regionalizar|Estruturar regionalmente} {a oferta|os serviços} {da proteção social especial de alta complexidade|de acolhimento de alta complexidade} {com cofinanciamento estadual|com recursos do estado}",
    // Services and specific populations
    "{Ampliar|Expandir} o Serviço de Convivência e Fortalecimento de Vínculos {para crianças, adolescentes e idosos|para crianças, adolescentes e pessoas idosas}[ nas áreas rurais]",
    "{Implantar|Ofertar} o serviço de proteção social básica no domicílio {para pessoas com deficiência e idosas|para idosos e pessoas com deficiência}",
    "{Garantir|Assegurar} {vagas de acolhimento|acolhimento institucional e familiar} para crianças e adolescentes {com prioridade para o acolhimento familiar|priorizando famílias acolhedoras}",
    "{Implantar|Criar} o serviço de família acolhedora {nos municípios|em todos os municípios}[ com apoio financeiro às famílias]",
    "{Fortalecer|Ampliar} o enfrentamento {ao trabalho infantil|do trabalho infantil} {por meio das ações estratégicas do PETI|com as ações estratégicas do PETI} {e busca ativa|e campanhas de busca ativa}",
    "{Garantir|Assegurar} {o atendimento especializado|atendimento no PAEFI} {às mulheres em situação de violência|a mulheres vítimas de violência} {nos CREAS|em articulação com a rede de proteção}",
    "{Garantir|Assegurar} {atendimento|o atendimento socioassistencial} {às comunidades quilombolas, indígenas e ciganas|aos povos e comunidades tradicionais} {com equipes volantes|com equipes itinerantes}",
    "{Implantar|Ampliar} {equipes volantes|CRAS itinerantes} {para atender|no atendimento de} {a zona rural|as comunidades rurais e ribeirinhas}[, com veículo próprio]",
    "{Garantir|Assegurar} {veículos|carros} {exclusivos|próprios} para {os CRAS e CREAS|as equipes dos CRAS e CREAS} {realizarem as visitas domiciliares|fazerem visitas domiciliares e busca ativa}",
    "{Acompanhar|Fortalecer o acompanhamento} {as famílias|das famílias} {beneficiárias|que recebem} do Bolsa Família {em descumprimento de condicionalidades|com descumprimento de condicionalidades} {pelo PAIF|por meio do PAIF}",
    "{Ampliar|Fortalecer} as medidas socioeducativas em meio aberto {nos CREAS|no CREAS}, {com equipe exclusiva|com equipes exclusivas} {para o atendimento dos adolescentes|para adolescentes em cumprimento de medida}",
    "{Garantir|Assegurar} {a articulação|a integração} entre {o SUAS|a assistência social}, {o SUS e a educação|a saúde e a educação} {no atendimento às famílias|no acompanhamento das famílias}[ em situação de vulnerabilidade]",
    "{Promover|Realizar} {ações de inclusão produtiva|programas de qualificação profissional} {para|voltados às} famílias {do Cadastro Único|inscritas no Cadastro Único}[ em parceria com o Sistema S]",
    "{Garantir|Assegurar} {segurança alimentar|a segurança alimentar e nutricional} {às famílias em situação de vulnerabilidade|das famílias vulneráveis} {com a distribuição de cestas básicas|por meio de restaurantes populares e cestas básicas}",
    "{Construir|Garantir} sedes próprias para {os CRAS e CREAS|os equipamentos da assistência social}, {deixando de pagar aluguel|acabando com os imóveis alugados}",
    "{Ampliar|Aumentar} o número de CRAS {nos municípios|nos territórios} {de acordo com|conforme} o número de famílias referenciadas",
    "{Divulgar|Ampliar a divulgação} {os serviços|dos serviços}, programas e benefícios {do SUAS|da assistência social} {nas rádios comunitárias e redes sociais|em rádios, redes sociais e escolas}",
    "{Garantir|Assegurar} {o atendimento|a proteção} {às pessoas idosas|aos idosos} {em situação de violência|vítimas de violência e abandono} {com|e} {Centros Dia|centros-dia para idosos}",
    "{Criar|Instituir} {a ouvidoria do SUAS|ouvidorias da assistência social} {nos municípios|em todos os municípios}[ com atendimento por telefone e WhatsApp]",
    "{Garantir|Assegurar} {a participação|o protagonismo} {de crianças e adolescentes|das crianças e dos adolescentes} {nas conferências|no controle social} {com metodologia própria|com metodologias adequadas à idade}",
];

/// Popularity weight of base `i`: a few themes come from almost every municipality.
fn popularity(i: usize) -> f64 {
    1.0 / ((i % 17) as f64 + 2.0).powf(0.8)
}

const OPENINGS: &[&str] = &[
    "Que o Estado possa ",
    "Propomos ",
    "Reivindicamos ao governo estadual: ",
    "A conferência municipal propõe ",
    "Solicitar ao Governo Federal: ",
    "Proposta: ",
    "Que se possa ",
];

const CLOSINGS: &[&str] = &[
    ", em todo o território estadual",
    ", conforme a NOB-SUAS",
    ", com participação do controle social",
    ", de forma continuada",
    " no prazo de dois anos",
    ", como prioridade da gestão",
    ", respeitando as especificidades regionais",
];

/// Municipality names (real ones, accents included) mentioned in some proposals.
const PLACES: &[&str] = &[
    "Pará de Minas",
    "Itabirito",
    "São João del-Rei",
    "Açailândia",
    "Cruzeiro do Sul",
    "Guaratuba",
    "Piranhas",
    "Porto Nacional",
    "Juazeiro do Norte",
    "Caxias",
    "Campina Grande",
    "Santarém",
    "Chapecó",
    "Maringá",
    "Feira de Santana",
    "Pelotas",
    "Uberlândia",
    "Imperatriz",
    "Parintins",
    "Petrolina",
    "Mossoró",
    "Sobral",
    "Altamira",
    "Barreiras",
    "Criciúma",
    "Ji-Paraná",
    "Araguaína",
    "Dourados",
    "Rondonópolis",
    "Itajaí",
];

const NEIGHBOURHOODS: &[&str] = &[
    "Centro",
    "Vila Nova",
    "Jardim América",
    "São José",
    "Alto da Boa Vista",
    "Santa Luzia",
    "zona rural",
    "Bela Vista",
    "Nossa Senhora Aparecida",
    "Progresso",
];

/// Word-level synonyms (whole words, as written in the bases).
const SYNONYMS: &[(&str, &str)] = &[
    ("Garantir", "Efetivar"),
    ("Ampliar", "Expandir"),
    ("recursos", "verbas"),
    ("Implantar", "Instalar"),
    ("capacitação", "qualificação"),
    ("trabalhadores", "profissionais"),
    ("Cadastro Único", "CadÚnico"),
    ("pessoas com deficiência", "PcD"),
    ("população em situação de rua", "pessoas em situação de rua"),
    ("municípios", "municipalidades"),
    ("idosos", "pessoas idosas"),
    ("nos municípios", "em cada município"),
    ("Fortalecer", "Reforçar"),
    ("atendimento", "acolhimento"),
];

/// Plural, gender and article changes.
const INFLECTIONS: &[(&str, &str)] = &[
    ("os usuários", "as usuárias e os usuários"),
    ("os trabalhadores", "as trabalhadoras"),
    ("dos trabalhadores", "das trabalhadoras e dos trabalhadores"),
    ("os CRAS", "o CRAS"),
    ("dos CRAS", "do CRAS"),
    ("nos CRAS", "no CRAS"),
    ("os CREAS", "o CREAS"),
    ("as famílias", "a família"),
    ("das famílias", "da família"),
    ("equipes", "equipe"),
    ("os delegados", "as delegadas"),
    ("conselhos", "conselho"),
    ("idosos", "idosas"),
    ("serviços", "serviço"),
    ("benefícios eventuais", "benefício eventual"),
];

/// Local, unique proposals: three fragments out of many.
const LOCAL_WHAT: &[&str] = &[
    "Reformar a quadra",
    "Construir uma praça",
    "Asfaltar a estrada",
    "Instalar iluminação",
    "Contratar um motorista",
    "Comprar um computador",
    "Reformar o telhado",
    "Abrir uma padaria comunitária",
    "Criar uma horta",
    "Instalar uma caixa d'água",
    "Pintar a escola",
    "Consertar a ponte",
    "Organizar uma feira de artesanato",
    "Criar um coral",
    "Montar uma biblioteca",
    "Criar uma oficina de costura",
];
const LOCAL_WHERE: &[&str] = &[
    "do bairro",
    "da comunidade",
    "do distrito",
    "do assentamento",
    "da vila",
    "do povoado",
    "da aldeia",
    "do quilombo",
];
const LOCAL_WHY: &[&str] = &[
    "para os jovens",
    "para as mães",
    "para o grupo de idosos",
    "para a associação",
    "para as festas",
    "para o time de futebol",
    "para a igreja",
    "para o mutirão",
    "para os agricultores",
    "para os pescadores",
];

/// Expands a template: `{a|b}` picks one alternative, `[x]` keeps x half of the time.
pub fn expand(template: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    expand_seq(&chars, &mut pos, rng, &mut out, &[]);
    out
}

/// Expands until one of `stops` (at nesting level 0) or the end; leaves `pos` on the stop.
fn expand_seq(chars: &[char], pos: &mut usize, rng: &mut Rng, out: &mut String, stops: &[char]) {
    while *pos < chars.len() {
        let c = chars[*pos];
        if stops.contains(&c) {
            return;
        }
        *pos += 1;
        match c {
            '{' => {
                let mut alternatives = vec![String::new()];
                loop {
                    let mut s = String::new();
                    expand_seq(chars, pos, rng, &mut s, &['|', '}']);
                    *alternatives.last_mut().unwrap() = s;
                    if *pos >= chars.len() {
                        break;
                    }
                    let stop = chars[*pos];
                    *pos += 1;
                    if stop == '}' {
                        break;
                    }
                    alternatives.push(String::new());
                }
                let k = rng.below(alternatives.len());
                out.push_str(&alternatives[k]);
            }
            '[' => {
                let mut s = String::new();
                expand_seq(chars, pos, rng, &mut s, &[']']);
                *pos += 1;
                if rng.chance(0.5) {
                    out.push_str(&s);
                }
            }
            _ => out.push(c),
        }
    }
}

fn replace_word(text: &str, from: &str, to: &str) -> String {
    // Whole-word replacement of the first occurrence.
    let mut start = 0;
    while let Some(p) = text[start..].find(from) {
        let i = start + p;
        let j = i + from.len();
        let before_ok = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[j..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return format!("{}{}{}", &text[..i], to, &text[j..]);
        }
        start = j;
    }
    text.to_owned()
}

fn strip_accents(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// Accents dropped (for the property tests of the parent module).
#[cfg(test)]
pub(super) fn strip_accents_for_tests(text: &str) -> String {
    strip_accents(text)
}

fn typo(text: &str, rng: &mut Rng) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 6)
        .collect();
    if long.is_empty() {
        return text.to_owned();
    }
    let w = long[rng.below(long.len())];
    let mut cs: Vec<char> = words[w].chars().collect();
    let k = 1 + rng.below(cs.len() - 2);
    match rng.below(3) {
        0 => cs.swap(k, k + 1),
        1 => {
            cs.remove(k);
        }
        _ => {
            let c = cs[k];
            cs.insert(k, c);
        }
    }
    let typed: String = cs.into_iter().collect();
    let mut out: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
    out[w] = typed;
    out.join(" ")
}

fn lower_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// One variation of base `b` as municipality `m` would write it.
pub fn variant(b: usize, m: usize, rng: &mut Rng) -> String {
    let mut text = expand(BASES[b], rng);
    for (from, to) in SYNONYMS {
        if rng.chance(0.15) {
            text = replace_word(&text, from, to);
        }
    }
    for (from, to) in INFLECTIONS {
        if rng.chance(0.25) {
            text = replace_word(&text, from, to);
        }
    }
    if rng.chance(0.2)
        && let Some(p) = text.find(", ")
    {
        // Two clauses swapped: "A, B" → "B, a".
        let (a, rest) = text.split_at(p);
        let b = &rest[2..];
        let mut cs = b.chars();
        let first = cs.next().map(|c| c.to_uppercase().collect::<String>());
        text = format!(
            "{}{}, {}",
            first.unwrap_or_default(),
            cs.as_str(),
            lower_first(a)
        );
    }
    if rng.chance(0.3) {
        text = format!("{}{}", rng.pick(OPENINGS), lower_first(&text));
    }
    if rng.chance(0.25) {
        let place = PLACES[m % PLACES.len()];
        text = match rng.below(3) {
            0 => format!("{text} no município de {place}"),
            1 => format!("{text} em {place}"),
            _ => format!(
                "{text} (proposta da pré-conferência do bairro {})",
                rng.pick(NEIGHBOURHOODS)
            ),
        };
    }
    if rng.chance(0.25) {
        text.push_str(rng.pick(CLOSINGS));
    }
    for _ in 0..2 {
        if rng.chance(0.2) {
            text = typo(&text, rng);
        }
    }
    if rng.chance(0.15) {
        text = strip_accents(&text);
    }
    if rng.chance(0.03) {
        text = text.to_uppercase();
    } else if rng.chance(0.08) {
        text = text.to_lowercase();
    }
    if rng.chance(0.6) {
        text.push('.');
    }
    text
}

/// `municipalities × per_municipality` proposals (at most `BASES.len()` per municipality come from
/// bases; every municipality picks distinct bases, popular ones more often). About 5% are local.
pub fn generate(municipalities: usize, per_municipality: usize, seed: u64) -> Vec<Proposal> {
    let mut rng = Rng::new(seed);
    let weights: Vec<f64> = (0..BASES.len()).map(popularity).collect();
    let mut out = Vec::with_capacity(municipalities * per_municipality);
    let mut local = 0;
    for m in 0..municipalities {
        let mut taken = vec![false; BASES.len()];
        for _ in 0..per_municipality {
            let free = taken.iter().filter(|t| !**t).count();
            if free == 0 || rng.chance(0.05) {
                let text = format!(
                    "{} {} {} {}",
                    rng.pick(LOCAL_WHAT),
                    rng.pick(LOCAL_WHERE),
                    rng.pick(NEIGHBOURHOODS),
                    rng.pick(LOCAL_WHY)
                );
                out.push(Proposal {
                    text,
                    truth: BASES.len() + local,
                    municipality: m,
                });
                local += 1;
                continue;
            }
            let total: f64 = (0..BASES.len())
                .filter(|&b| !taken[b])
                .map(|b| weights[b])
                .sum();
            let mut x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
            let mut b = 0;
            for (i, w) in weights.iter().enumerate() {
                if taken[i] {
                    continue;
                }
                b = i;
                if x < *w {
                    break;
                }
                x -= w;
            }
            taken[b] = true;
            out.push(Proposal {
                text: variant(b, m, &mut rng),
                truth: b,
                municipality: m,
            });
        }
    }
    out
}

/// Pairwise quality of a partition against the truth: precision (pairs put together that belong
/// together), recall (pairs that belong together and were put together) and their F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Pairwise precision, recall and F1 of `cluster_of` (group of each item) against `truth`.
pub fn quality(cluster_of: &[usize], truth: &[usize]) -> Quality {
    use std::collections::HashMap;
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut cells: HashMap<(usize, usize), u64> = HashMap::new();
    let mut predicted: HashMap<usize, u64> = HashMap::new();
    let mut actual: HashMap<usize, u64> = HashMap::new();
    for (&c, &t) in cluster_of.iter().zip(truth) {
        *cells.entry((c, t)).or_default() += 1;
        *predicted.entry(c).or_default() += 1;
        *actual.entry(t).or_default() += 1;
    }
    let tp: u64 = cells.values().map(|&n| pairs(n)).sum();
    let pp: u64 = predicted.values().map(|&n| pairs(n)).sum();
    let ap: u64 = actual.values().map(|&n| pairs(n)).sum();
    let precision = if pp == 0 { 1.0 } else { tp as f64 / pp as f64 };
    let recall = if ap == 0 { 1.0 } else { tp as f64 / ap as f64 };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Quality {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = generate(20, 30, 7);
        let b = generate(20, 30, 7);
        assert_eq!(a, b);
        assert_eq!(a.len(), 600);
        assert_ne!(generate(20, 30, 8), a);
        for p in &a {
            assert!(!p.text.contains('{') && !p.text.contains('['), "{}", p.text);
        }
    }

    #[test]
    fn templates_expand() {
        let mut rng = Rng::new(1);
        for _ in 0..20 {
            let s = expand("{a|b{c|d}} x[ y]", &mut rng);
            assert!(
                ["a x", "a x y", "bc x", "bc x y", "bd x", "bd x y"].contains(&s.as_str()),
                "{s}"
            );
        }
        for b in BASES {
            let s = expand(b, &mut rng);
            assert!(!s.contains(['{', '}', '[', ']', '|']), "{s}");
        }
    }

    #[test]
    fn quality_of_perfect_and_lumped() {
        let truth = [0, 0, 1, 1, 2];
        let q = quality(&[5, 5, 6, 6, 7], &truth);
        assert_eq!((q.precision, q.recall), (1.0, 1.0));
        let q = quality(&[0, 0, 0, 0, 0], &truth);
        assert_eq!(q.recall, 1.0);
        assert!((q.precision - 0.2).abs() < 1e-9);
    }
}
