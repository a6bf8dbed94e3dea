"""The benchmark's generated library and queries: deterministic text from a fixed vocabulary."""

import math
from random import Random

# A word only the small second site's articles use: finding it on the big site would break scoping.
SMALL_SITE_MARKER = "pinelands"


def word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Content words, most frequent first: word n is drawn with weight 1/(n + 1), a Zipf-like
# spread, so a few words are on most articles and most words on few.
VOCABULARY = word_list(
    """
therapy session treatment care patient ketamine doctor support health mental depression anxiety dose
home clinic plan week feel safety symptoms team sleep mood medication clinician visit insurance cost
family questions recovery program provider prescription monitoring blood pressure heart rate nurse
psychiatrist assessment evaluation screening consultation appointment schedule telehealth video call
message portal intake history diagnosis condition disorder trauma stress ptsd bipolar obsessive
compulsive chronic pain migraine fibromyalgia insomnia fatigue energy focus memory concentration
motivation appetite weight nausea dizziness headache drowsiness dissociation perception vision
hearing time space body mind awareness emotion feelings thoughts patterns habits behaviour
relationships partner friends community loneliness grief loss hope meaning purpose values goals
intention preparation setting music blindfold eyeshade blanket water snacks sitter companion room
quiet lighting comfort breathing meditation mindfulness journaling reflection integration
counselling psychotherapy coaching group peer check follow progress outcome response remission
relapse maintenance booster series induction course month year research study evidence trial data
results effect benefit risk contraindication interaction alcohol cannabis benzodiazepine
antidepressant ssri snri lithium stimulant opioid naltrexone esketamine nasal spray lozenge tablet
sublingual troche infusion injection intravenous intramuscular oral absorption metabolism liver
kidney bladder urinary tract pregnancy breastfeeding age adults seniors veterans students parents
caregivers employers coverage reimbursement deductible copay hsa fsa receipt invoice superbill claim
payment pricing package membership refund cancellation policy privacy consent records pharmacy
delivery shipment storage disposal emergency crisis hotline hospital urgent warning signs side
effects common rare serious allergic reaction vomiting confusion agitation euphoria calm relaxation
clarity insight resilience neuroplasticity glutamate receptor synapse brain neuron inflammation
hormone cortisol serotonin dopamine exercise nutrition diet hydration sunlight routine morning
evening weekend florida jersey state licence regulation guideline standard protocol checklist form
questionnaire phq gad score scale measurement tracking app reminder notification
"""
)

FUNCTION_WORDS = word_list(
    """
the a of and to in for with your you we is are can on at before after during about this that it our
most many some when how what which may will should often also not only more each every
"""
)

CATEGORIES = [
    "Treatment basics",
    "Safety and side effects",
    "Cost and insurance",
    "Preparing for a session",
    "Integration and aftercare",
    "Research and evidence",
]

AUTHORS = [
    ("Dr. Maya Okafor", "Physician"),
    ("Dr. Elena Marsh", "Board-certified psychiatrist"),
    ("Jordan Pike", "Nurse practitioner"),
    ("Dr. Samuel Reyes", "Anesthesiologist"),
    ("Priya Raman", "Licensed therapist"),
    ("Dr. Hannah Lowe", "Clinical psychologist"),
    ("Marcus Bell", "Patient care coordinator"),
    ("Dr. Wen Li", "Pharmacist"),
    ("Aisha Cole", "Integration coach"),
    ("Dr. Tomas Varga", "Medical director"),
]

# Words the articles never use (some of them misspellings), so searching for them finds nothing.
UNKNOWN_WORDS = word_list(
    """
zeppelin saxophone volcano quasar origami trombone glacier marzipan kangaroo telescope bagpipes
harpsichord depresion anxeity insurence medicaton theraphy ketamein sesion clinik
"""
)

# Visitor input with syntax, operators, markup, other scripts and control characters.
ODD_TEMPLATES = [
    '"{a} {b}',
    "{a}'s {b}",
    "{a} AND {b}",
    "{a} OR",
    "NOT {a}",
    "{a}*",
    "({a} {b}",
    "{a}:{b}",
    "{a} & {b} | {c}",
    "-{a} +{b}",
    "<b>{a}</b>",
    "{a} 😀💊",
    "{a}\x00{b}",
    "'; DROP TABLE wagtailcore_page; --",
    "AND OR NOT * : ( )",
    "ケタミン {a}",
    "مرحبا {a}",
    "100% {a}",
    "{a}/{b}",
    "\\{a}",
    "{a}? {b}!",
    "naïve {a} café",
    "{long}",
    "%00%27 {a}",
    "{a}{{{b}}}~^",
]

QUESTION_TEMPLATES = [
    "what is {a} {b}",
    "how does {a} {b} work",
    "can i {a} after {b}",
    "{a} {b} {c}",
    "is {a} safe with {b}",
    "how much does {a} cost",
]

# Share of each kind of query in the list; what is left over goes to single words.
QUERY_MIX = [
    ("word", 0.25),
    ("two words", 0.20),
    ("question", 0.15),
    ("prefix", 0.15),
    ("no match", 0.125),
    ("odd characters", 0.125),
]


class Writer:
    """Deterministic article text from the vocabulary."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.cum_weights = []
        total = 0.0
        for rank in range(len(VOCABULARY)):
            total += 1 / (rank + 1)
            self.cum_weights.append(total)

    def words(self, count: int) -> list[str]:
        return self.rng.choices(VOCABULARY, cum_weights=self.cum_weights, k=count)

    def topic_words(self, count: int) -> list[str]:
        # Titles and headings name a topic: drawn evenly, not by frequency.
        return self.rng.sample(VOCABULARY, count)

    def sentence(self, low: int, high: int) -> str:
        words = []
        for word in self.words(self.rng.randint(low, high)):
            if self.rng.random() < 0.4:
                words.append(self.rng.choice(FUNCTION_WORDS))
            words.append(word)
        return " ".join(words).capitalize() + "."

    def title(self) -> str:
        return " ".join(self.topic_words(self.rng.randint(3, 6))).capitalize()

    def summary(self) -> str:
        return " ".join(self.sentence(8, 14) for _ in range(2))[:300]

    def body(self, extra_words: tuple[str, ...] = ()) -> list[tuple[str, object]]:
        blocks = []
        for _ in range(self.rng.randint(3, 5)):
            blocks.append(("heading", {"text": self.title(), "level": "h2", "anchor": ""}))
            for _ in range(self.rng.randint(1, 2)):
                text = " ".join(self.sentence(8, 16) for _ in range(self.rng.randint(3, 5)))
                blocks.append(("paragraph", f"<p>{text}</p>"))
        if extra_words:
            blocks.append(("paragraph", f"<p>{' '.join(extra_words).capitalize()}.</p>"))
        return blocks


def make_queries(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (kind, query) pairs, always the same for the same seed."""
    rng = Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    writer = Writer(rng)
    sizes = {kind: math.floor(share * count) for kind, share in QUERY_MIX}
    sizes["word"] += count - sum(sizes.values())

    def fill(template: str) -> str:
        a, b, c = writer.words(3)
        return template.format(a=a, b=b, c=c, long=" ".join(writer.words(60)))

    queries = []
    for kind, size in sizes.items():
        for index in range(size):
            if kind == "word":
                text = writer.words(1)[0]
            elif kind == "two words":
                text = " ".join(writer.words(2))
            elif kind == "question":
                text = fill(QUESTION_TEMPLATES[index % len(QUESTION_TEMPLATES)])
            elif kind == "prefix":
                word = rng.choice([word for word in writer.words(8) if len(word) >= 5] or ["ketamine"])
                text = word[: rng.randint(3, len(word) - 1)]
            elif kind == "no match":
                choices = [*UNKNOWN_WORDS, SMALL_SITE_MARKER]
                text = choices[index % len(choices)]
                if index >= len(choices):
                    text = f"{text} {rng.choice(UNKNOWN_WORDS)}"
            else:
                text = fill(ODD_TEMPLATES[index % len(ODD_TEMPLATES)])
            queries.append((kind, text))
    rng.shuffle(queries)
    return queries
