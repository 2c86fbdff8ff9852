//! An optional Voikko backend: Finnish morphology from libvoikko and its Finnish dictionary.
//!
//! libvoikko is GPL/LGPL, so teema never links it: [`Voikko::load`] opens `libvoikko.so.1` at
//! run time (`dlopen`, through `libloading`), and teema builds, runs and tests without it. On
//! Debian and Ubuntu it comes with `apt install libvoikko1 voikko-fi`.
//!
//! Only the C morphology API is called: `voikkoInit`, `voikkoAnalyzeWordCstr`,
//! `voikko_mor_analysis_value_cstr` and the matching frees, `voikkoTerminate`.
//!
//! [`Voikko::lemma`] chooses one lemma per word form. Voikko lists the analyses of a form in no
//! order of likelihood, and its base forms group forms differently from dictionary lemmas (UD
//! Finnish): a participle gets a base form of its own (`tehdyn` → `tehty`, not `tehdä`), while a
//! `-minen` noun gets its verb (`tekemisen` → `tehdä`, not `tekeminen`) and a `-sti` adverb its
//! adjective (`selvästi` → `selvä`). The rules (`Choice::BEST`) were chosen by measuring
//! pairwise precision and recall ([`super::score`]) on UD Finnish-TDT dev lemmas: F1 0.76 for
//! Voikko's first analysis, 0.91 with the rules. The ignored test `score_on_gold` prints the
//! figures of every variant tried.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr::NonNull;
use std::sync::{Arc, Mutex, RwLock};

use libloading::Library;

/// The library file opened when `TEEMA_VOIKKO_LIB` is not set.
pub const DEFAULT_LIBRARY: &str = "libvoikko.so.1";

/// The environment variable that names another libvoikko file to open.
pub const LIBRARY_ENV: &str = "TEEMA_VOIKKO_LIB";

/// How many words the cache holds before it starts over.
const CACHE_LIMIT: usize = 500_000;

/// Longest word, in UTF-8 bytes, libvoikko analyses (`LIBVOIKKO_MAX_WORD_CHARS`).
const MAX_WORD_BYTES: usize = 255;

// Signatures as declared in libvoikko's voikko.h; `void` stands for the opaque structs.
type InitFn = unsafe extern "C" fn(*mut *const c_char, *const c_char, *const c_char) -> *mut c_void;
type TerminateFn = unsafe extern "C" fn(*mut c_void);
type AnalyzeFn = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut *mut c_void;
type FreeAnalysisFn = unsafe extern "C" fn(*mut *mut c_void);
type ValueFn = unsafe extern "C" fn(*const c_void, *const c_char) -> *mut c_char;
type FreeValueFn = unsafe extern "C" fn(*mut c_char);

/// One morphological analysis of a word as Voikko gives it. An attribute Voikko leaves out is
/// an empty string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VoikkoAnalysis {
    /// `BASEFORM`: the base form as Voikko writes it (`Koski` for the place name).
    pub baseform: String,
    /// `CLASS`: the word class in Voikko's Finnish terms (`nimisana`, `laatusana`,
    /// `teonsana`, `seikkasana`, `etunimi`, `paikannimi`…).
    pub class: String,
    /// `WORDBASES`: the word's parts, each followed by its base form in parentheses
    /// (`+työ(työ)+aika(aika)`; derivational suffixes as `(+us)`).
    pub wordbases: String,
    /// `STRUCTURE`: `=` at the start of each part, then one letter per character.
    pub structure: String,
    /// `SIJAMUOTO`: the case of a nominal (`nimento`, `omanto`, `kerrontosti`…).
    pub case: String,
    /// `NUMBER`: `singular` or `plural`.
    pub number: String,
    /// `PARTICIPLE`: which participle the form is (`past_passive`, `present_active`, `agent`,
    /// `negation`…).
    pub participle: String,
    /// `MOOD`: the mood or infinitive of a verb form (`indicative`, `MINEN-infinitive`…).
    pub mood: String,
}

impl VoikkoAnalysis {
    /// Is this a proper noun (first name, surname, place or other name)?
    pub fn is_proper_noun(&self) -> bool {
        matches!(
            self.class.as_str(),
            "etunimi" | "sukunimi" | "paikannimi" | "nimi"
        )
    }

    /// How many parts the word has (`=` marks in `STRUCTURE`; 1 for a simple word).
    pub fn part_count(&self) -> usize {
        self.structure.matches('=').count().max(1)
    }

    /// The base forms of the word's parts, lowercased: `+työ(työ)+aika(aika)` → `työ`, `aika`;
    /// `+köyden(köysi)+veto(veto)` → `köysi`, `veto`. A part built with a derivational suffix
    /// is written as in the word (`+terve(terve)+ys(+ys)+keskus(keskus)` → `terveys`,
    /// `keskus`), and the last part is what the base form has after the other parts
    /// (`työarvostus` → `työ`, `arvostus`). One element for a simple word; empty when Voikko
    /// gives no `WORDBASES`.
    pub fn parts(&self) -> Vec<String> {
        let segments = wordbase_segments(&self.wordbases);
        // Each part starts at a segment with a base form of its own; suffixes, endings and
        // hyphens belong to the part before them.
        let starts: Vec<usize> = segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.base.is_some_and(|b| !b.starts_with('+')))
            .map(|(i, _)| i)
            .collect();
        let mut parts = Vec::with_capacity(starts.len());
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(segments.len());
            let part = &segments[start..end];
            let derived = part
                .iter()
                .any(|s| s.base.is_some_and(|b| b.starts_with('+')));
            let last = n + 1 == starts.len();
            let text = if last {
                let prefix: String = segments[..start].iter().map(|s| s.surface).collect();
                let baseform = self.baseform.to_lowercase();
                match baseform.strip_prefix(&prefix.to_lowercase()) {
                    Some(rest) if !rest.is_empty() && n > 0 => rest.to_string(),
                    _ if n == 0 && derived => baseform,
                    _ => part[0].base.unwrap_or_default().to_string(),
                }
            } else if derived {
                part.iter()
                    .map(|s| s.surface)
                    .collect::<String>()
                    .trim_end_matches('-')
                    .to_string()
            } else {
                part[0].base.unwrap_or_default().to_string()
            };
            parts.push(text.replace(['=', '|'], "").to_lowercase());
        }
        parts
    }
}

/// One `+surface(base)` piece of `WORDBASES`; `base` is None for an ending or a hyphen.
struct Segment<'a> {
    surface: &'a str,
    base: Option<&'a str>,
}

/// Splits `WORDBASES` into its `+…` pieces. A `+` inside parentheses (a derivational
/// suffix's base) does not start a piece.
fn wordbase_segments(wordbases: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = wordbases;
    while let Some(body) = rest.strip_prefix('+') {
        let surface_end = body.find(['+', '(']).unwrap_or(body.len());
        let surface = &body[..surface_end];
        rest = &body[surface_end..];
        let mut base = None;
        if let Some(inner) = rest.strip_prefix('(') {
            let close = inner.find(')').unwrap_or(inner.len());
            base = Some(&inner[..close]);
            rest = inner.get(close + 1..).unwrap_or("");
        }
        out.push(Segment { surface, base });
    }
    out
}

/// How [`Voikko::lemma`] picks an analysis and turns it into a lemma. Only [`Choice::BEST`] is
/// used outside tests; the other settings exist to measure what each rule is worth.
#[derive(Debug, Clone, Copy)]
struct Choice {
    /// Preferences in order, ties broken by Voikko's order.
    prefer: &'static [Prefer],
    /// A participle's lemma is its verb (`tehdyn` → `tehdä`), except a negation participle
    /// (`olematon`).
    participle_verb: bool,
    /// ... but not when Voikko also knows the participle's base form as a word of its own
    /// (`tehtävä` the noun, next to the participle of `tehdä`).
    keep_lexicalized: bool,
    /// A `-minen` form is the `-minen` noun (`tekemisen` → `tekeminen`), not the verb.
    minen_noun: bool,
    /// An adjective's `-sti` form is the adverb (`selvästi`), not the adjective.
    sti_adverb: bool,
    /// Dashes around the word are not part of it (`-artikkelin`, `työ-`).
    trim_dashes: bool,
}

/// One preference among analyses. Those that [`Choice::BEST`] leaves out were measured and
/// did not help; `score_on_gold` still reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
enum Prefer {
    /// An adverb whose lemma is the word itself (`oikein`, not `oikea`).
    Adverb,
    /// Fewer compound parts (`alueilta` = `alue`, not `alue` + `ilta`).
    FewestParts,
    /// A common word over a proper noun.
    CommonNoun,
    /// The lemma most analyses agree on.
    Frequent,
    /// The shortest lemma.
    Shortest,
    /// The lemma that shares the longest prefix with the word.
    SharedPrefix,
}

impl Choice {
    const BEST: Choice = Choice {
        prefer: &[Prefer::Adverb, Prefer::FewestParts, Prefer::CommonNoun],
        participle_verb: true,
        keep_lexicalized: true,
        minen_noun: true,
        sti_adverb: true,
        trim_dashes: true,
    };

    /// The lemma each analysis stands for, for the (lowercase) `word`.
    fn lemmas(&self, word: &str, analyses: &[VoikkoAnalysis]) -> Vec<String> {
        analyses
            .iter()
            .map(|a| {
                if self.sti_adverb && a.case == "kerrontosti" {
                    if let Some(i) = word.rfind("sti").filter(|&i| i > 0) {
                        return word[..i + 3].to_string();
                    }
                }
                let base = a.baseform.to_lowercase();
                if self.participle_verb
                    && !a.participle.is_empty()
                    && a.participle != "negation"
                    && !(self.keep_lexicalized && is_word_of_its_own(&a.baseform, analyses))
                {
                    if let Some(verb) = participle_verb(a) {
                        return verb;
                    }
                }
                if self.minen_noun && a.mood == "MINEN-infinitive" {
                    if let Some(noun) = minen_noun(word) {
                        return noun;
                    }
                }
                base
            })
            .collect()
    }

    /// The index of the analysis to use and its lemma; None without analyses.
    fn pick(&self, word: &str, analyses: &[VoikkoAnalysis]) -> Option<(usize, String)> {
        let lemmas = self.lemmas(word, analyses);
        let key = |i: usize| -> Vec<usize> {
            let (a, lemma) = (&analyses[i], &lemmas[i]);
            self.prefer
                .iter()
                .map(|p| match p {
                    Prefer::Adverb => usize::from(!(a.class == "seikkasana" && lemma == word)),
                    Prefer::FewestParts => a.part_count(),
                    Prefer::CommonNoun => usize::from(a.is_proper_noun()),
                    Prefer::Frequent => usize::MAX - lemmas.iter().filter(|l| *l == lemma).count(),
                    Prefer::Shortest => lemma.chars().count(),
                    Prefer::SharedPrefix => {
                        let shared = word
                            .chars()
                            .zip(lemma.chars())
                            .take_while(|(a, b)| a == b)
                            .count();
                        usize::MAX - shared
                    }
                })
                .collect()
        };
        let best = (0..analyses.len()).min_by_key(|&i| key(i))?;
        let lemma = lemmas.into_iter().nth(best)?;
        Some((best, lemma))
    }
}

/// Does Voikko also know `baseform` as a word that is no participle or `-minen` form (the
/// noun `tehtävä` next to the participle of `tehdä`)?
fn is_word_of_its_own(baseform: &str, analyses: &[VoikkoAnalysis]) -> bool {
    analyses
        .iter()
        .any(|a| a.participle.is_empty() && a.mood != "MINEN-infinitive" && a.baseform == baseform)
}

/// The verb of a participle: its last part's base form, after the parts before it
/// (`+teh(tehdä)+ty(+ty)` → `tehdä`).
fn participle_verb(a: &VoikkoAnalysis) -> Option<String> {
    let segments = wordbase_segments(&a.wordbases);
    let last = segments
        .iter()
        .rposition(|s| s.base.is_some_and(|b| !b.is_empty() && !b.starts_with('+')))?;
    let prefix: String = segments[..last].iter().map(|s| s.surface).collect();
    let verb = segments[last].base?.replace(['=', '|'], "");
    Some(format!("{prefix}{verb}").to_lowercase())
}

/// The `-minen` noun of a MINEN-infinitive form: the word up to its last `mi` before `n` or
/// `s`, then `minen` (`tekemisestä` → `tekeminen`).
fn minen_noun(word: &str) -> Option<String> {
    let bytes = word.as_bytes();
    (2..bytes.len())
        .rev()
        .find(|&i| &bytes[i - 2..i] == b"mi" && matches!(bytes[i], b'n' | b's'))
        .map(|i| format!("{}minen", &word[..i - 2]))
}

/// The base word of a derivation: the verb of a MINEN or MA infinitive, or the one base of
/// a word made of a base and derivational suffixes (`+köyhy(köyhä)+ys(+ys)` → `köyhä`). None
/// for compounds (`+kehit(kehittää)+ys(+ys)+maa(maa)`: the word is a kind of `maa`) and for
/// derivations `WORDBASES` nests (`+luistel(luistaa)(+la)+u(+u)`).
fn derivation_base(a: &VoikkoAnalysis) -> Option<String> {
    if matches!(a.mood.as_str(), "MINEN-infinitive" | "MA-infinitive") {
        return Some(a.baseform.to_lowercase());
    }
    let segments = wordbase_segments(&a.wordbases);
    let suffix = |s: &Segment| s.base.is_some_and(|b| b.starts_with('+'));
    let bases: Vec<&str> = segments
        .iter()
        .filter_map(|s| s.base.filter(|b| !b.starts_with('+') && !b.is_empty()))
        .collect();
    match (bases.as_slice(), segments.last()) {
        ([base], Some(last)) if suffix(last) => Some(base.replace(['=', '|'], "").to_lowercase()),
        _ => None,
    }
}

/// The symbols teema calls, copied out of the loaded library. They stay valid while the
/// [`Library`] they came from is loaded, which [`Voikko`] guarantees by owning it.
#[derive(Clone, Copy)]
struct Api {
    terminate: TerminateFn,
    analyze: AnalyzeFn,
    free_analysis: FreeAnalysisFn,
    value: ValueFn,
    free_value: FreeValueFn,
}

/// A live `VoikkoHandle`, only ever used under [`Voikko`]'s mutex.
struct Handle {
    ptr: NonNull<c_void>,
    api: Api,
}

// SAFETY: a VoikkoHandle is not tied to the thread that created it; libvoikko only requires
// that one handle is not used by two threads at once, and Voikko keeps it in a Mutex.
unsafe impl Send for Handle {}

impl Handle {
    /// All analyses of `word`, in Voikko's order.
    fn analyze(&self, word: &CStr) -> Vec<VoikkoAnalysis> {
        // SAFETY: the handle is live (terminated only on drop) and `word` is NUL-terminated.
        // libvoikko returns NULL or a NULL-terminated array that we own until freed below.
        let list = unsafe { (self.api.analyze)(self.ptr.as_ptr(), word.as_ptr()) };
        if list.is_null() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for i in 0.. {
            // SAFETY: `list` is NULL-terminated and no element past the terminator is read.
            let analysis = unsafe { *list.add(i) };
            if analysis.is_null() {
                break;
            }
            let value = |key: &CStr| self.value(analysis, key);
            out.push(VoikkoAnalysis {
                baseform: value(c"BASEFORM"),
                class: value(c"CLASS"),
                wordbases: value(c"WORDBASES"),
                structure: value(c"STRUCTURE"),
                case: value(c"SIJAMUOTO"),
                number: value(c"NUMBER"),
                participle: value(c"PARTICIPLE"),
                mood: value(c"MOOD"),
            });
        }
        // SAFETY: `list` came from voikkoAnalyzeWordCstr and is freed exactly once; nothing
        // points into it any more (the values were copied).
        unsafe { (self.api.free_analysis)(list) };
        out
    }

    /// The value of `key` in one analysis; "" when the analysis has none.
    fn value(&self, analysis: *mut c_void, key: &CStr) -> String {
        // SAFETY: `analysis` is an element of a live analysis list and `key` is NUL-terminated.
        // The result is NULL or a NUL-terminated UTF-8 copy that we own and free below.
        let value = unsafe { (self.api.value)(analysis, key.as_ptr()) };
        if value.is_null() {
            return String::new();
        }
        // SAFETY: `value` is non-NULL and NUL-terminated, and is read before it is freed.
        let text = unsafe { CStr::from_ptr(value) }
            .to_string_lossy()
            .into_owned();
        // SAFETY: `value` came from voikko_mor_analysis_value_cstr and is freed exactly once.
        unsafe { (self.api.free_value)(value) };
        text
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle came from voikkoInit and is terminated exactly once, while the
        // library is still loaded (Voikko drops its handle before its Library).
        unsafe { (self.api.terminate)(self.ptr.as_ptr()) };
    }
}

/// What the cache knows about one word.
#[derive(Debug)]
struct Entry {
    analyses: Vec<VoikkoAnalysis>,
    /// The analysis [`Choice::BEST`] picks and its lemma.
    pick: Option<(usize, String)>,
}

/// A loaded Voikko (libvoikko + Finnish dictionary). `Send + Sync`: calls into libvoikko go
/// through a mutex (its handles are not thread-safe), and what it said about each word is
/// cached behind a read-write lock, so repeated words do not wait for the mutex.
pub struct Voikko {
    /// Declared first so that it is dropped (terminated) before the library is unloaded.
    handle: Mutex<Handle>,
    cache: RwLock<HashMap<String, Arc<Entry>>>,
    _library: Library,
}

impl std::fmt::Debug for Voikko {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voikko").finish_non_exhaustive()
    }
}

impl Voikko {
    /// Loads libvoikko.so.1 (or the path in env `TEEMA_VOIKKO_LIB`) and the Finnish dictionary
    /// ("fi"). The error says which Debian packages to install (`libvoikko1 voikko-fi`) when
    /// either is missing.
    pub fn load() -> Result<Voikko, String> {
        let library = std::env::var_os(LIBRARY_ENV)
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| DEFAULT_LIBRARY.into());
        Self::load_from(&library)
    }

    /// Loads libvoikko from `library` (a file name the dynamic loader searches for, or a path)
    /// and the Finnish dictionary from Voikko's standard places (`/usr/lib/voikko`,
    /// `~/.voikko`, `VOIKKO_DICTIONARY_PATH`…).
    pub fn load_from(library: &std::ffi::OsStr) -> Result<Voikko, String> {
        let shown = library.to_string_lossy();
        // SAFETY: loading libvoikko runs only its own initialisers (C++ static constructors),
        // which have no preconditions on the calling program.
        let lib = unsafe { Library::new(library) }.map_err(|e| {
            format!(
                "Voikko is not available: cannot load {shown} ({}). Install it with \
                 `sudo apt install libvoikko1 voikko-fi` (Debian/Ubuntu), or set {LIBRARY_ENV} \
                 to the path of libvoikko.so.1.",
                with_sources(&e)
            )
        })?;
        let not_voikko = |e: libloading::Error| {
            format!(
                "{shown} is not a usable libvoikko (need 3.x or newer): {}",
                with_sources(&e)
            )
        };
        // SAFETY: each symbol is read with the signature voikko.h declares for it. Function
        // pointers are Copy and stay valid while `lib` is loaded, which Voikko ensures.
        let (init, api) = unsafe {
            let init: InitFn = *lib.get(c"voikkoInit").map_err(not_voikko)?;
            let api = Api {
                terminate: *lib.get(c"voikkoTerminate").map_err(not_voikko)?,
                analyze: *lib.get(c"voikkoAnalyzeWordCstr").map_err(not_voikko)?,
                free_analysis: *lib.get(c"voikko_free_mor_analysis").map_err(not_voikko)?,
                value: *lib
                    .get(c"voikko_mor_analysis_value_cstr")
                    .map_err(not_voikko)?,
                free_value: *lib
                    .get(c"voikko_free_mor_analysis_value_cstr")
                    .map_err(not_voikko)?,
            };
            (init, api)
        };
        let mut error: *const c_char = std::ptr::null();
        // SAFETY: `error` is a valid out pointer, the language a NUL-terminated string, and a
        // NULL path means the standard dictionary locations.
        let ptr = unsafe { init(&mut error, c"fi".as_ptr(), std::ptr::null()) };
        let Some(ptr) = NonNull::new(ptr) else {
            let reason = if error.is_null() {
                "unknown error".to_string()
            } else {
                // SAFETY: on failure voikkoInit points `error` at a static NUL-terminated
                // message (not to be freed).
                unsafe { CStr::from_ptr(error) }
                    .to_string_lossy()
                    .into_owned()
            };
            return Err(format!(
                "Voikko is installed ({shown}) but its Finnish dictionary could not be loaded \
                 ({reason}). Install it with `sudo apt install voikko-fi` (Debian/Ubuntu), or \
                 set VOIKKO_DICTIONARY_PATH to a folder that holds it."
            ));
        };
        Ok(Voikko {
            handle: Mutex::new(Handle { ptr, api }),
            cache: RwLock::new(HashMap::new()),
            _library: lib,
        })
    }

    /// All analyses of one word (lowercase input), in Voikko's order; empty when Voikko does
    /// not know the word.
    pub fn analyses(&self, word: &str) -> Vec<VoikkoAnalysis> {
        self.entry(word).analyses.clone()
    }

    /// The lemma teema should use as the word's main term (lowercase), or None if Voikko does
    /// not know the word. Dashes around the word are ignored (`-artikkelin`).
    pub fn lemma(&self, word: &str) -> Option<String> {
        self.entry(&clean(word))
            .pick
            .as_ref()
            .map(|(_, l)| l.clone())
    }

    /// The base word a derived word comes from, by the analysis [`lemma`](Self::lemma)
    /// chose (its `WORDBASES`): `piirtämisessä` → `piirtää`, `köyhyyttä` → `köyhä`,
    /// `ratsastus` → `ratsastaa`. None when that is the lemma itself, for words that are no
    /// derivation or a compound, and for words Voikko does not know; the built-in
    /// [`super::finnish::FinnishStemmer::root`] can stand in for those.
    pub fn root(&self, word: &str) -> Option<String> {
        let entry = self.entry(&clean(word));
        let (i, lemma) = entry.pick.as_ref()?;
        derivation_base(&entry.analyses[*i]).filter(|root| root != lemma)
    }

    /// The base forms of the compound's parts if Voikko sees the word as a compound of 2+
    /// parts (from `WORDBASES`: `+työ(työ)+aika(aika)` → `["työ", "aika"]`), else empty.
    /// Uses the analysis [`lemma`](Self::lemma) chose.
    pub fn compound_parts(&self, word: &str) -> Vec<String> {
        let entry = self.entry(&clean(word));
        let Some((i, _)) = entry.pick else {
            return Vec::new();
        };
        let parts = entry.analyses[i].parts();
        if parts.len() >= 2 {
            parts
        } else {
            Vec::new()
        }
    }

    /// The cached entry of `word`, analysed on first use.
    fn entry(&self, word: &str) -> Arc<Entry> {
        if let Some(entry) = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(word)
        {
            return Arc::clone(entry);
        }
        let analyses = self.analyze(word);
        let pick = Choice::BEST.pick(word, &analyses);
        let entry = Arc::new(Entry { analyses, pick });
        let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.to_string(), Arc::clone(&entry));
        entry
    }

    /// Asks libvoikko (uncached). Empty for a word it cannot take: empty, too long, or with
    /// a NUL byte.
    fn analyze(&self, word: &str) -> Vec<VoikkoAnalysis> {
        if word.is_empty() || word.len() > MAX_WORD_BYTES {
            return Vec::new();
        }
        let Ok(word) = CString::new(word) else {
            return Vec::new();
        };
        let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner());
        handle.analyze(&word)
    }
}

/// An error and its causes, `: `-separated (libloading keeps dlerror's text in the source).
fn with_sources(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The word as [`Choice::BEST`] wants it: lowercase, without dashes around it (`-artikkelin`,
/// `työ-`).
fn clean(word: &str) -> Cow<'_, str> {
    let word = if Choice::BEST.trim_dashes {
        word.trim_matches(['-', '–', '—'])
    } else {
        word
    };
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Voikko, or None (with a note) when it is not installed here.
    fn voikko() -> Option<Voikko> {
        match Voikko::load() {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!("skipped: voikko not installed ({e})");
                None
            }
        }
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Voikko>();
    }

    #[test]
    fn lemmas_join_forms_snowball_cannot() {
        let Some(v) = voikko() else { return };
        let cases = [
            ("ajan", "aika"),
            ("aikaa", "aika"),
            ("johdon", "johto"),
            ("johdolle", "johto"),
            ("arvostuksen", "arvostus"),
            ("arvostusta", "arvostus"),
            ("mittareiden", "mittari"),
            ("kiireisen", "kiireinen"),
            ("seurannan", "seuranta"),
            ("yhteisöjä", "yhteisö"),
            ("työajan", "työaika"),
        ];
        for (word, lemma) in cases {
            assert_eq!(v.lemma(word).as_deref(), Some(lemma), "{word}");
        }
    }

    #[test]
    fn lemma_rules() {
        let Some(v) = voikko() else { return };
        let cases = [
            // Participles are forms of their verb...
            ("tehdyn", "tehdä"),
            ("tehneet", "tehdä"),
            ("koskevia", "koskea"),
            // ...unless Voikko knows the word as a noun of its own.
            ("tehtävään", "tehtävä"),
            // -minen nouns and -sti adverbs are words of their own.
            ("tekemisen", "tekeminen"),
            ("valmistamiseen", "valmistaminen"),
            ("selvästi", "selvästi"),
            // Fewer compound parts: alue + ilta loses to the ablative of alue.
            ("alueilta", "alue"),
            // An adverb that is its own lemma wins over the adjective's case form.
            ("oikein", "oikein"),
            // Dashes around the word are not part of it.
            ("-artikkelin", "artikkeli"),
        ];
        for (word, lemma) in cases {
            assert_eq!(v.lemma(word).as_deref(), Some(lemma), "{word}");
        }
    }

    #[test]
    fn shared_between_threads() {
        let Some(v) = voikko() else { return };
        let words = ["ajan", "johdon", "arvostuksen", "työajan", "mittareita"];
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..50 {
                        for w in words {
                            assert!(v.lemma(w).is_some(), "{w}");
                        }
                    }
                });
            }
        });
        assert_eq!(v.lemma("Johdon").as_deref(), Some("johto"));
    }

    #[test]
    fn unknown_words_have_no_lemma() {
        let Some(v) = voikko() else { return };
        assert_eq!(v.lemma("xqzzyvk"), None);
        assert_eq!(v.lemma(""), None);
        assert_eq!(v.lemma("a\0b"), None);
        assert_eq!(v.lemma(&"a".repeat(300)), None);
        assert!(v.analyses("xqzzyvk").is_empty());
        assert!(v.compound_parts("xqzzyvk").is_empty());
    }

    #[test]
    fn analyses_carry_voikko_attributes() {
        let Some(v) = voikko() else { return };
        let ajan = v.analyses("ajan");
        assert!(ajan.len() >= 2, "{ajan:?}");
        let noun = ajan.iter().find(|a| a.baseform == "aika").unwrap();
        assert_eq!(noun.class, "nimisana");
        assert_eq!(noun.case, "omanto");
        assert!(ajan
            .iter()
            .any(|a| a.baseform == "ajaa" && a.class == "teonsana"));
        // Cached: the same answer the second time.
        assert_eq!(v.analyses("ajan"), ajan);
    }

    #[test]
    fn compound_parts_come_from_wordbases() {
        let Some(v) = voikko() else { return };
        assert_eq!(v.compound_parts("työajan"), ["työ", "aika"]);
        assert_eq!(v.compound_parts("köydenvetoa"), ["köysi", "veto"]);
        assert_eq!(
            v.compound_parts("terveyskeskuksessa"),
            ["terveys", "keskus"]
        );
        assert!(v.compound_parts("ajan").is_empty());
        assert!(v.compound_parts("arvostuksen").is_empty());
    }

    #[test]
    fn wordbases_parts_without_voikko() {
        let a = |wordbases: &str, baseform: &str| VoikkoAnalysis {
            wordbases: wordbases.into(),
            baseform: baseform.into(),
            ..Default::default()
        };
        assert_eq!(
            a("+työ(työ)+aika(aika)", "työaika").parts(),
            ["työ", "aika"]
        );
        assert_eq!(
            a("+köyde(köysi)+n+veto(veto)", "köydenveto").parts(),
            ["köysi", "veto"]
        );
        assert_eq!(
            a("+alkio(Alkio)+-+opisto(opisto)", "Alkio-opisto").parts(),
            ["alkio", "opisto"]
        );
        assert_eq!(
            a("+pi(pitää)+to(+to)+palvel(palvella)+u(+u)", "pitopalvelu").parts(),
            ["pito", "palvelu"]
        );
        assert_eq!(
            a("+työ(työ)+arvost(arvostaa)+us(+us)", "työarvostus").parts(),
            ["työ", "arvostus"]
        );
        assert_eq!(
            a("+arvost(arvostaa)+us(+us)", "arvostus").parts(),
            ["arvostus"]
        );
        assert_eq!(a("+haja+nainen(nainen)", "hajanainen").parts(), ["nainen"]);
        assert_eq!(a("+Meilahti(Mei=lahti)", "Meilahti").parts(), ["meilahti"]);
        assert!(a("", "x").parts().is_empty());
        assert_eq!(
            participle_verb(&a("+myönne(myöntää)+t+ty(+ty)", "myönnetty")).as_deref(),
            Some("myöntää")
        );
        assert_eq!(minen_noun("tekemisestään").as_deref(), Some("tekeminen"));
        assert_eq!(
            minen_noun("valmistaminen").as_deref(),
            Some("valmistaminen")
        );
        assert_eq!(minen_noun("talo"), None);
    }

    #[test]
    fn derivation_bases_without_voikko() {
        let a = |wordbases: &str, mood: &str, baseform: &str| VoikkoAnalysis {
            wordbases: wordbases.into(),
            mood: mood.into(),
            baseform: baseform.into(),
            ..Default::default()
        };
        let base = |x: VoikkoAnalysis| derivation_base(&x);
        assert_eq!(
            base(a("+piirtää(piirtää)", "MINEN-infinitive", "piirtää")).as_deref(),
            Some("piirtää")
        );
        assert_eq!(
            base(a("+köyhy(köyhä)+ys(+ys)", "", "köyhyys")).as_deref(),
            Some("köyhä")
        );
        assert_eq!(
            base(a("+ratsast(ratsastaa)+us(+us)", "", "ratsastus")).as_deref(),
            Some("ratsastaa")
        );
        assert_eq!(base(a("+auto(auto)", "", "auto")), None);
        assert_eq!(
            base(a("+kehit(kehittää)+ys(+ys)+maa(maa)", "", "kehitysmaa")),
            None
        );
        assert_eq!(
            base(a("+luistel(luistaa)(+la)+u(+u)", "", "luistelu")),
            None
        );
    }

    #[test]
    fn roots_from_wordbases() {
        let Some(v) = voikko() else { return };
        for (word, root) in [
            ("piirtämisessä", Some("piirtää")),
            ("köyhyyttä", Some("köyhä")),
            ("ratsastus", Some("ratsastaa")),
            ("pyöräily", Some("pyöräillä")),
            ("talo", None),
            ("kehitysmaissa", None),
        ] {
            assert_eq!(v.root(word).as_deref(), root, "{word}");
        }
    }

    /// Pairwise P/R/F1 of lemma rules on a gold TSV (form, lemma, …), e.g. UD Finnish-TDT
    /// dev: `TEEMA_GOLD_TSV=path cargo test --lib voikko::tests::score_on_gold -- --ignored
    /// --nocapture`. Words Voikko does not know get their Snowball stem, as in teema.
    #[test]
    #[ignore = "needs Voikko and a gold TSV in TEEMA_GOLD_TSV"]
    fn score_on_gold() {
        use crate::analysis::score::{read_gold, score};
        let Some(v) = voikko() else { return };
        let Ok(path) = std::env::var("TEEMA_GOLD_TSV") else {
            eprintln!("skipped: set TEEMA_GOLD_TSV to a gold TSV");
            return;
        };
        let gold = read_gold(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Finnish);
        let stem = |w: &str| stemmer.stem(w).into_owned();

        use Prefer::*;
        /// What an unknown word's term is.
        #[derive(Clone, Copy, PartialEq)]
        enum Unknown {
            /// Its Snowball stem (what teema does).
            Stem,
            /// Its Snowball stem, kept apart from lemmas (to see what collisions cost).
            StemApart,
            /// The word itself.
            Word,
        }
        let plain = Choice {
            prefer: &[],
            participle_verb: false,
            keep_lexicalized: false,
            minen_noun: false,
            sti_adverb: false,
            trim_dashes: false,
        };
        let picks = Choice {
            prefer: &[FewestParts, CommonNoun],
            ..plain
        };
        let best = Choice::BEST;
        let with = |prefer| Choice { prefer, ..best };
        let variants: Vec<(&str, Choice, Unknown)> = vec![
            ("first analysis", plain, Unknown::Stem),
            ("first analysis, unknown: word itself", plain, Unknown::Word),
            (
                "first analysis, unknown: stem kept apart",
                plain,
                Unknown::StemApart,
            ),
            (
                "shortest lemma",
                Choice {
                    prefer: &[Shortest],
                    ..plain
                },
                Unknown::Stem,
            ),
            (
                "most frequent lemma among analyses",
                Choice {
                    prefer: &[Frequent],
                    ..plain
                },
                Unknown::Stem,
            ),
            (
                "common noun over proper noun",
                Choice {
                    prefer: &[CommonNoun],
                    ..plain
                },
                Unknown::Stem,
            ),
            (
                "longest prefix shared with word",
                Choice {
                    prefer: &[SharedPrefix],
                    ..plain
                },
                Unknown::Stem,
            ),
            (
                "fewest compound parts",
                Choice {
                    prefer: &[FewestParts],
                    ..plain
                },
                Unknown::Stem,
            ),
            ("A = fewest parts, then common noun", picks, Unknown::Stem),
            (
                "A + participle -> verb (all)",
                Choice {
                    participle_verb: true,
                    ..picks
                },
                Unknown::Stem,
            ),
            (
                "A + participle -> verb unless a word itself",
                Choice {
                    participle_verb: true,
                    keep_lexicalized: true,
                    ..picks
                },
                Unknown::Stem,
            ),
            (
                "  + -minen noun",
                Choice {
                    participle_verb: true,
                    keep_lexicalized: true,
                    minen_noun: true,
                    ..picks
                },
                Unknown::Stem,
            ),
            (
                "  + -sti adverb",
                Choice {
                    participle_verb: true,
                    keep_lexicalized: true,
                    minen_noun: true,
                    sti_adverb: true,
                    ..picks
                },
                Unknown::Stem,
            ),
            (
                "  + adverb = word first",
                Choice {
                    trim_dashes: false,
                    ..best
                },
                Unknown::Stem,
            ),
            ("  + trim dashes = BEST", best, Unknown::Stem),
            ("BEST, unknown: word itself", best, Unknown::Word),
            ("BEST, unknown: stem kept apart", best, Unknown::StemApart),
            (
                "BEST without fewest parts",
                with(&[Adverb, CommonNoun]),
                Unknown::Stem,
            ),
            (
                "BEST without common noun",
                with(&[Adverb, FewestParts]),
                Unknown::Stem,
            ),
            (
                "BEST + most frequent lemma",
                with(&[Adverb, FewestParts, CommonNoun, Frequent]),
                Unknown::Stem,
            ),
            (
                "BEST + shortest",
                with(&[Adverb, FewestParts, CommonNoun, Shortest]),
                Unknown::Stem,
            ),
            (
                "BEST + shared prefix",
                with(&[Adverb, FewestParts, CommonNoun, SharedPrefix]),
                Unknown::Stem,
            ),
            (
                "BEST without participle -> verb",
                Choice {
                    participle_verb: false,
                    ..best
                },
                Unknown::Stem,
            ),
            (
                "BEST without keeping lexicalized",
                Choice {
                    keep_lexicalized: false,
                    ..best
                },
                Unknown::Stem,
            ),
            (
                "BEST without -minen noun",
                Choice {
                    minen_noun: false,
                    ..best
                },
                Unknown::Stem,
            ),
            (
                "BEST without -sti adverb",
                Choice {
                    sti_adverb: false,
                    ..best
                },
                Unknown::Stem,
            ),
        ];
        let stems: Vec<String> = gold.iter().map(|(form, _)| stem(form)).collect();
        let s = score(
            gold.iter()
                .zip(&stems)
                .map(|((_, l), t)| (l.as_str(), t.as_str())),
        );
        eprintln!("| {:<45} | P      | R      | F1     |", "variant");
        eprintln!(
            "| {:<45} | {:.4} | {:.4} | {:.4} |",
            "Snowball only (no Voikko)", s.precision, s.recall, s.f1
        );
        for (name, choice, unknown) in variants {
            let terms: Vec<String> = gold
                .iter()
                .map(|(form, _)| {
                    let word = if choice.trim_dashes {
                        form.trim_matches(['-', '–', '—'])
                    } else {
                        form.as_str()
                    };
                    match (choice.pick(word, &v.analyses(word)), unknown) {
                        (Some((_, lemma)), _) => lemma,
                        (None, Unknown::Stem) => stem(form),
                        (None, Unknown::StemApart) => format!("\u{1}{}", stem(form)),
                        (None, Unknown::Word) => form.clone(),
                    }
                })
                .collect();
            let s = score(
                gold.iter()
                    .zip(&terms)
                    .map(|((_, l), t)| (l.as_str(), t.as_str())),
            );
            eprintln!(
                "| {name:<45} | {:.4} | {:.4} | {:.4} |",
                s.precision, s.recall, s.f1
            );
            if name.ends_with("= BEST") {
                // What Voikko::lemma gives is what was scored.
                for ((form, _), term) in gold.iter().zip(&terms) {
                    if let Some(lemma) = v.lemma(form) {
                        assert_eq!(&lemma, term, "{form}");
                    }
                }
                assert!(s.f1 >= 0.80 && s.precision >= 0.80, "{s}");
            }
        }
    }
}
