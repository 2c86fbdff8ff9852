//! Non-answers: "en tiedä", "eos", "ei mitään", "vet inte", "idk", "-", "?". Such an answer says
//! that the respondent does not know or has nothing to say; it carries no theme, so teema codes
//! it `no_content` instead of clustering it. Counting content words is not enough: "En tiedä"
//! has words, and most real non-answers used to slip into clusters.
//!
//! The design is data and a small matcher. For matching only, a text is lowercased, cut into
//! tokens of letters and digits (apostrophes inside a word are dropped: "don't" = "dont"), ä and å
//! fold to a and ö to o, every run of one letter folds to one letter ("eiii" = "ei", "tiiä" =
//! "tiä", "mittään" = "mitään"), and runs of one-letter tokens join ("e.o.s" = "eos", "n/a" =
//! "na"). The tokens are then tested against [`PATTERNS`]: a pattern is a sequence of slots, a
//! slot a set of words. [`FILLERS`] and hesitation sounds ("ööm", "hmm", "eh") may stand before,
//! between and after the slots, and nothing else may: a non-answer phrase followed by a content
//! word ("en tiedä mitä johto haluaa") is content. In patterns of two or more slots a word of five
//! letters or more also matches with one letter wrong, added or missing ("en tidä"); a one-word
//! pattern must match exactly ("one" is not "none", "bank" is not "blank").
//!
//! Decisions: a bare negation ("ei", "en", "no", "nej", "ei kai") is a non-answer, since nothing
//! in it can be coded; it has its own reason, [`NonAnswer::BareNegation`], so a caller can keep it
//! for yes/no questions. A text with neither letters nor digits ("-", "?", "...", emoji only) is a
//! non-answer; digits are content ("5"). Fillers alone ("kyllä", "minä") are content; hesitation
//! sounds alone ("hmm") are not. A text with a letter or digit past its [`MAX_CHARS`]th character,
//! or with more than [`MAX_TOKENS`] words, is content, and is given up on early: long answers
//! cost almost nothing. Most answers with content are given up on at their first content word.

use std::fmt;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Why a text is a non-answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NonAnswer {
    /// "en tiedä", "eos", "en muista", "vet inte", "not sure".
    DoesNotKnow,
    /// "ei mitään", "ei ole", "inget", "nothing", "n/a", or only hesitation sounds.
    NothingToSay,
    /// "ei kommentoitavaa", "ei lisättävää", "inga kommentarer", "no comment".
    NoComment,
    /// "en halua vastata", "ohi", "vill inte svara", "prefer not to say".
    Declines,
    /// "x", "xx", "asdf", "tyhjä".
    Placeholder,
    /// Only a negation: "ei", "en", "no", "nej".
    BareNegation,
    /// No letters or digits at all: "-", "?", "...", "🤷".
    NoLetters,
}

impl NonAnswer {
    /// A short English explanation, e.g. "does not know".
    pub fn as_str(self) -> &'static str {
        match self {
            NonAnswer::DoesNotKnow => "does not know",
            NonAnswer::NothingToSay => "nothing to say",
            NonAnswer::NoComment => "no comment",
            NonAnswer::Declines => "declines to answer",
            NonAnswer::Placeholder => "placeholder",
            NonAnswer::BareNegation => "bare negation",
            NonAnswer::NoLetters => "no letters",
        }
    }
}

impl fmt::Display for NonAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

use NonAnswer::*;

/// Non-answer phrases, one a line: a reason (`know`, `nothing`, `comment`, `decline`,
/// `placeholder`, `negation`; see [`NonAnswer`]), a colon, and slots separated by spaces; a slot
/// lists its words separated by `|` and may be left out when it ends in `?`. Words are written as
/// people spell them and normalised like the answers ("oo" also reads "ooo", "tiiä" also "tiä").
/// The first pattern that matches gives the reason, so the bare negation comes last.
pub const PATTERNS: &str = "
# Finnish
know: en|ei|emmä|emmää tiedä|tiiä|tiijä|tie|tiedän|tiärä|tiedetä|tietoa mitään?
know: emt|eos|eiosaa|entiedä|entiiä|emmätiiä
know: en|ei|emmä osaa|osannut|osannu sanoa|sanoo|vastata|vastaa|kertoa? mitään?
know: vaikea|vaikee|vaikeaa|vaikeeta|hankala|mahdoton sanoa|sanoo|vastata|kysymys
know: en|ei|emmä muista|muistaa|muistanut|muistu
know: mitään? ei tule|tuu|tullut|tullu|tuli mitään? mieleen|mieleeni mitään?
know: en|ei|emmä keksi|keksinyt|keksiny|keksitä mitään?
know: en ole|oo varma
know: en ole|oo ajatellut|ajatellu|miettinyt|miettiny|pohtinut|pohtinu asiaa?
know: ei|en mitään? hajua|hajuakaan|aavistusta|aavistustakaan|käsitystä|ideaa
know: mene|mee ja tiedä|tiiä
nothing: ei|en mitään|mikään
nothing: ei ole|oo? mitään? erityistä|erikoista|ihmeempää|ihmeellistä|kummempaa
nothing: ei ole|oo mitään?
nothing: ei|en oikeastaan|oikeestaan|oikeasti|oikeesti|oikein|oikeen|juurikaan
nothing: ei muuta|muita
comment: ei ole|oo? mitään|muuta? kommentoitavaa|kommentteja|kommenttia|huomautettavaa
comment: ei ole|oo? mitään|muuta? lisättävää|sanottavaa|sanomista|mielipidettä|mielipiteitä
decline: en|ei halua|haluu vastata|kertoa|sanoa|kommentoida
decline: ohi|ohitan|ohitus|skip|pass
placeholder: x|asd|asdf|qwerty|tyhjä|empty|blank
# Swedish
know: vet inte|ej|int
know: ingen aning|idé
know: kan inte|ej säga|svara
know: svårt att säga|svara
know: minns inte|ej
know: kommer|kom inte|ej ihåg|på
know: inte|ej säker
nothing: inget|ingenting
nothing: inget|ingenting|inga|ingen särskilt|speciellt|mer|mera|annat
comment: inga|ingen kommentarer|kommentar|synpunkter|åsikt|åsikter
comment: har? inget|ingenting|inga att? tillägga|säga|kommentera
decline: vill inte|ej svara|säga
# English
know: dont|didnt|cant|cannot know|remember|recall|say|tell
know: do|did|can not know|remember|recall|say|tell
know: idk|dunno|unsure
know: not sure|certain
know: no idea|clue
know: hard|difficult to say|tell|answer
nothing: none|nothing|nil|nada|na|nan
nothing: nothing|none in? particular|special|much
nothing: nothing|none at all
nothing: nothing comes|springs to? mind
nothing: not really|applicable|relevant
comment: no comment|comments|remarks|opinion
comment: nothing more|else|further? to add|say|comment|report
comment: nothing more|else|further
comment: no more|further|other comment|comments|remarks
decline: prefer|rather not to? say|answer
decline: no answer
# Any language
negation: ei|en|emmä|no|nope|nah|nej
";

/// Words that say nothing by themselves and may surround or interrupt a non-answer phrase:
/// "no en mä oikein tiedä", "vet inte riktigt", "I really don't know". Besides these, any
/// hesitation sound is a filler: a few of a, e, o, u, then only h or m ("ööm", "hmm", "eh").
pub const FILLERS: &str = "no noh nii niin niinku niinkun tota tuota siis nyt kyllä kyl kai \
    varmaan varmaankaan ehkä vissiin ihan just juuri vaan vain oikein oikeen oikeastaan \
    oikeestaan oikeasti oikeesti mä minä mää mie mulla minulla sitä sit sitten sen \
    vielä enää enempää kauheasti hirveästi tarkkaan tarkalleen tällä \
    hetkellä tähän siihen tästä siitä kysymykseen \
    jag nog riktigt nu faktiskt alls egentligen tyvärr ju det \
    i im id have really honestly actually well sorry tbh \
    haha hehe hihi lol xd d p";

/// A letter or digit past this many characters makes a text content.
pub const MAX_CHARS: usize = 80;
/// Texts of more words are never non-answers.
pub const MAX_TOKENS: usize = 12;
/// Shortest pattern word (after normalising) that also matches with one letter wrong.
const TYPO_MIN: usize = 5;

/// Whether `text` (an answer, or one segment of an answer) is a non-answer: it says the
/// respondent does not know, has nothing to say, or gives no content.
pub fn is_non_answer(text: &str) -> bool {
    non_answer_reason(text).is_some()
}

/// Why `text` is a non-answer, or `None` when it has content.
pub fn non_answer_reason(text: &str) -> Option<NonAnswer> {
    let t = tables();
    let tokens = tokenise(t, text.trim())?;
    if tokens.is_empty() {
        return Some(NoLetters);
    }
    if !tokens.iter().all(|w| t.is_filler(w) || t.is_known(w)) {
        return None;
    }
    if let Some(p) = t.patterns.iter().find(|p| t.fits(p, &tokens, 0)) {
        return Some(p.reason);
    }
    tokens
        .iter()
        .all(|w| is_hesitation(w))
        .then_some(NothingToSay)
}

struct Slot {
    words: Vec<String>,
    optional: bool,
}

struct Pattern {
    reason: NonAnswer,
    slots: Vec<Slot>,
    /// Whether words may match with one letter wrong: the pattern has two or more required slots.
    typos: bool,
}

struct Tables {
    patterns: Vec<Pattern>,
    fillers: FxHashSet<String>,
    /// Every pattern word.
    words: FxHashSet<String>,
    /// Pattern words that may match with one letter wrong, by length, with their [`letters`].
    typo_words: Vec<Vec<(u32, String)>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            patterns: Vec::new(),
            fillers: FILLERS.split_whitespace().map(normalise).collect(),
            words: FxHashSet::default(),
            typo_words: Vec::new(),
        };
        let lines = PATTERNS.lines().map(str::trim);
        for line in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (reason, slots) = line.split_once(':').expect("a pattern is `reason: slots`");
            let reason = match reason {
                "know" => DoesNotKnow,
                "nothing" => NothingToSay,
                "comment" => NoComment,
                "decline" => Declines,
                "placeholder" => Placeholder,
                "negation" => BareNegation,
                _ => panic!("unknown reason in pattern {line:?}"),
            };
            let slots: Vec<Slot> = slots
                .split_whitespace()
                .map(|slot| Slot {
                    words: slot
                        .trim_end_matches('?')
                        .split('|')
                        .map(normalise)
                        .collect(),
                    optional: slot.ends_with('?'),
                })
                .collect();
            let typos = slots.iter().filter(|s| !s.optional).count() >= 2;
            for w in slots.iter().flat_map(|s| &s.words) {
                t.words.insert(w.clone());
                if typos && w.len() >= TYPO_MIN {
                    t.typo_words
                        .resize(t.typo_words.len().max(w.len() + 1), Vec::new());
                    if !t.typo_words[w.len()].iter().any(|(_, k)| k == w) {
                        t.typo_words[w.len()].push((letters(w), w.clone()));
                    }
                }
            }
            t.patterns.push(Pattern {
                reason,
                slots,
                typos,
            });
        }
        t
    })
}

impl Tables {
    fn is_filler(&self, w: &str) -> bool {
        self.fillers.contains(w) || is_hesitation(w)
    }

    fn is_known(&self, w: &str) -> bool {
        let near = (w.len().saturating_sub(1)..=w.len() + 1).filter_map(|n| self.typo_words.get(n));
        let m = letters(w);
        self.words.contains(w)
            || near
                .flatten()
                .any(|(km, k)| (km ^ m).count_ones() <= 2 && one_edit(k, w))
    }

    /// Whether `tokens` fill the slots of `p` from `slot` on, fillers anywhere in between.
    fn fits(&self, p: &Pattern, tokens: &[String], slot: usize) -> bool {
        let Some(s) = p.slots.get(slot) else {
            return tokens.iter().all(|w| self.is_filler(w));
        };
        if let Some((first, rest)) = tokens.split_first() {
            let word_fits =
                |k: &String| k == first || (p.typos && k.len() >= TYPO_MIN && one_edit(k, first));
            if s.words.iter().any(word_fits) && self.fits(p, rest, slot + 1) {
                return true;
            }
            if self.is_filler(first) && self.fits(p, rest, slot) {
                return true;
            }
        }
        s.optional && self.fits(p, tokens, slot + 1)
    }
}

/// A hesitation sound: up to four letters, some of a, e, o, u, then only h or m.
fn is_hesitation(w: &str) -> bool {
    let rest = w.trim_start_matches(['a', 'e', 'o', 'u']);
    !w.is_empty() && w.len() <= 4 && rest.bytes().all(|b| b == b'h' || b == b'm')
}

/// A set of the bytes of `w`, for a quick test before [`one_edit`]: words one edit apart differ
/// in at most two members.
fn letters(w: &str) -> u32 {
    w.bytes().fold(0, |m, b| m | 1 << (b % 32))
}

/// Whether ASCII words `a` and `b` differ by one letter wrong, added or missing (or not at all),
/// but not in their last letter: Finnish endings are there, and "mittaa" (measures) is not a typo
/// of "mitään" (nothing).
fn one_edit(a: &str, b: &str) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if l.len() - s.len() > 1 || !l.is_ascii() || !s.is_ascii() {
        return false;
    }
    if s != l && s.as_bytes().last() != l.as_bytes().last() {
        return false;
    }
    let (s, l) = (s.as_bytes(), l.as_bytes());
    let same = s.iter().zip(l).take_while(|(x, y)| x == y).count();
    if same == s.len() {
        true
    } else if s.len() == l.len() {
        s[same + 1..] == l[same + 1..]
    } else {
        s[same..] == l[same + 1..]
    }
}

/// Appends `c` lowercased and folded, unless it repeats the last letter.
fn push_folded(c: char, word: &mut String) {
    let c = match c {
        c if c.is_ascii() => c.to_ascii_lowercase(),
        'ä' | 'Ä' | 'å' | 'Å' | 'á' | 'à' | 'æ' => 'a',
        'ö' | 'Ö' | 'ø' | 'ó' => 'o',
        'é' | 'É' | 'è' => 'e',
        'ü' | 'Ü' => 'u',
        c => c.to_lowercase().next().unwrap_or(c),
    };
    if !word.ends_with(c) {
        word.push(c);
    }
}

fn normalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    word.chars().for_each(|c| push_folded(c, &mut out));
    out
}

/// The normalised tokens of `text`, empty if it has no letters or digits; `None` for content:
/// over [`MAX_CHARS`] characters or [`MAX_TOKENS`] words, or a word of more than one letter that
/// is neither a filler nor a pattern word. One-letter tokens one character apart join: "e.o.s",
/// "i d k", "n/a".
fn tokenise(t: &Tables, text: &str) -> Option<Vec<String>> {
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::with_capacity(16);
    let (mut gap, mut word_gap, mut last_single) = (0, 0, false);
    for (i, c) in text.chars().chain([' ']).enumerate() {
        if c.is_alphanumeric() {
            if i >= MAX_CHARS {
                return None;
            }
            if word.is_empty() {
                word_gap = gap;
            }
            push_folded(c, &mut word);
            gap = 0;
        } else if !matches!(c, '\'' | '’' | '`' | '´' | 'ʼ') {
            gap += 1;
            if word.is_empty() {
                continue;
            }
            let single = word.chars().nth(1).is_none();
            match tokens.last_mut() {
                Some(last) if single && last_single && word_gap == 1 => {
                    word.chars().for_each(|c| push_folded(c, last));
                    word.clear();
                }
                // Most answers with content stop here, at their first content word.
                _ if !single && !t.is_filler(&word) && !t.is_known(&word) => return None,
                _ => tokens.push(std::mem::take(&mut word)),
            }
            last_single = single;
            if tokens.len() > MAX_TOKENS || i > MAX_CHARS {
                return None;
            }
        }
    }
    Some(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Invented non-answers, separated by `|`.
    const POSITIVES: &str = "
        en tiedä!! | EN TIEDÄ | En tiedä 🤷 | en tiiä... | en tiijä | en tie | emt | EMT. | Eos! |
        E.O.S. | e o s | en osaa sanoa | EI OSAA SANOA | en osaa vastata!! | Vaikea sanoa |
        vaikee sanoa nyt | en muista | ei muista enää | ei tule mieleen mitään | ei tuu mieleen! |
        en keksi | en keksi mitään | Ei mitään. | ei mittään | ei oikeastaan | ei oikeestaan... |
        ei kommentoitavaa | Ei kommentteja | ei lisättävää | Ei ole. | ei oo | eiii | En. |
        ei mitään erityistä | ei mitään lisättävää | ei ole mielipidettä | en halua vastata |
        ohi | - | -- | . | ? | ... | x | xx | 🙂 | öö en tiedä | ömm en mä tiiä |
        no en oikein tiedä | en mä muista | hmm, en osaa sanoa | noh ei kyllä tuu mieleen |
        niinku en tiiä | en tieda | ei mitaan | en tidä | en tiedä tällä hetkellä | ei mitn :D |
        ei mitään sen kummempaa | ei ole mitään kommentoitavaa | mulla ei oo mitään |
        hmmm | vet inte | Jag vet inte. | vet ej | ingen aning | inget | ingenting |
        inga kommentarer | ingen kommentar | kan inte säga | svårt att säga |
        har inget att tillägga | vet inte riktigt | don't know | dont know | I do not know |
        idk | IDK lol | dunno | n/a | N/A | NA | none | Nothing. | no comment | No comments |
        not sure | I'm not sure | nothing to add | nothing really | I don't really know | no |
        nej | no idea | mene ja tiedä | en oo miettiny | nothing comes to mind | kommer inte ihåg";

    /// Invented answers with content, separated by `|`.
    const NEGATIVES: &str = "
        en tiedä mitä johto haluaa | ei ole aikaa | ei mitään tukea johdolta | ei kiitosta |
        en ehdi | en osaa piirtää | ei mitenkään | ei ollenkaan | en mittaa | ei tule rahaa | kaikessa! | Jalkapallo. | köyhyys | kyllä |
        minä | niin | 5 | 2024 | en tiedä, ehkä uinti | no, uiminen | ei ole rahaa vuokraan |
        ei mitään järkeä | en jaksa | ei kukaan | ei rahaa | en keksi parempaa työpaikkaa |
        en muista koskaan olleeni näin väsynyt | vaikea sanoa ei esimiehelle | ei tukea |
        ei tule palautetta | vet inte vad chefen vill | ingen tid | inget stöd från chefen |
        ingen | one | bank | noting the delay | no time | no money | nothing but problems |
        none of the teachers listen | I don't know why the bus is late | not enough staff |
        ohjelmointi | kommer inte hem | en ole ajatellut lähteä | lukeminen ja piirtäminen |
        ei ole ruokaa kotona | en tykkää kalasta";

    fn cases(list: &str) -> impl Iterator<Item = &str> {
        list.split('|').map(str::trim)
    }

    #[test]
    fn positives_are_non_answers() {
        assert!(cases(POSITIVES).count() >= 60);
        for text in cases(POSITIVES) {
            assert!(is_non_answer(text), "{text:?} should be a non-answer");
        }
    }

    #[test]
    fn negatives_have_content() {
        assert!(cases(NEGATIVES).count() >= 40);
        for text in cases(NEGATIVES) {
            assert_eq!(non_answer_reason(text), None, "{text:?} has content");
        }
    }

    #[test]
    fn reasons() {
        let reason = |t| non_answer_reason(t).map(NonAnswer::as_str);
        assert_eq!(reason("ööö en mä kyllä tiiä"), Some("does not know"));
        assert_eq!(reason("ei mitään"), Some("nothing to say"));
        assert_eq!(reason("ei ole mitään lisättävää"), Some("no comment"));
        assert_eq!(reason("prefer not to say"), Some("declines to answer"));
        assert_eq!(reason("xxx"), Some("placeholder"));
        assert_eq!(reason("Ei!"), Some("bare negation"));
        assert_eq!(reason("-"), Some("no letters"));
        assert_eq!(NonAnswer::NoComment.to_string(), "no comment");
    }

    #[test]
    fn long_texts_are_content() {
        assert!(!is_non_answer(&format!("en tiedä,{} hmm", " ".repeat(80))));
        assert!(!is_non_answer("no no no no no no no no no no no no no"));
        assert!(is_non_answer(&format!("en tiedä{}", "!".repeat(200))));
        assert!(is_non_answer(&"-".repeat(200)));
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise("Tiiijjää"), "tija");
        assert_eq!(
            tokenise(tables(), "E.O.S, n/a don't").unwrap(),
            ["eos", "na", "dont"]
        );
        assert!(one_edit("tieda", "tida") && !one_edit("tieda", "tiedan"));
        assert!(
            !one_edit("mitan", "mita"),
            "en mittaa is no typo of en mitään"
        );
        assert!(!one_edit("tieda", "tie") && !one_edit("keksi", "kesti"));
    }
}
