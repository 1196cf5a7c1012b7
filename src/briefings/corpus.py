"""A synthetic press room: briefing pages in the sites' real formats, with their gold figures known.

The benchmark (`briefings.bench`) serves these pages from a local HTTP server and runs the
whole pipeline on them; the tests score the extractor on them. The sentences come from
templates written here, not from the hand-made transcripts the extractor was tuned on.

Everything is a function of the seed: briefing k depends only on (seed, k), so a corpus of
1,000 pages is the first 1,000 pages of a corpus of 10,000 (bar the last briefing, which is
cut to fit).

The corpus must pass the warehouse's blocking consistency tests, or the pipeline would rightly
refuse to publish it. So every figure that the measure rules map is drawn from one "truth"
per (measure, scope, year), and each statement of it is a truthful rendering: plain rounding,
"more than", "nearly", "around", "at least" or "up to", chosen so that the interval DESIGN.md
gives the words contains the truth. Restatements (R2) then always overlap. Series that carry
year-on-year changes are chained (this year = last year x (1 + change)), so a stated change
always agrees with two stated levels (R4). Parts are fractions of their whole (R3), and lists
are announced with the number of items that follow (R1).

Gold offsets point at the numeral in the page's normalized text (`briefings.parse.page_text`),
which is what the warehouse's `number_start` / `number_end` point at.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

from briefings.parse import page_text

FORMATS = ("text", "scio", "china_org", "mobile")
PROFILE_OF_FORMAT = {"text": "text", "scio": "scio", "china_org": "china_org_cn", "mobile": "scio"}
MEDIA_TYPE_OF_FORMAT = {f: "text/html" for f in FORMATS} | {"text": "text/plain"}
_FORMAT_WEIGHTS = (3, 3, 2, 2)
_SITE_DIR = {"text": "txt", "scio": "scio", "china_org": "china", "mobile": "m/scio"}
_EXTENSION = {"text": "txt", "scio": "htm", "china_org": "htm", "mobile": "htm"}
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 2016, 2023
_CHAIN_START = 2010  # chained series start here, so every report year has a previous year

# -- the gold ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldFigure:
    """One figure as a careful reader would mark it; offsets index the normalized page text."""

    start: int  # the numeral only: `21,000` in `more than 21,000 criminal cases`
    end: int
    number: str
    value: int | float  # with the scale applied: `1.2 million` -> 1200000
    qualifier: str  # exact | more_than | nearly | around | at_least | up_to
    kind: str  # level | change | enumeration_count
    unit_kind: str  # count | currency | percent | percentage_points | duration | other
    template: str  # which phrasing produced it: names a failing phrasing in a report
    currency: str | None = None
    measure: str | None = None  # what the measure rules should map it to (None: unmapped)
    scope: str | None = None  # campaign:<names> | institution:<code> | national
    year: int | None = None


@dataclass(frozen=True, slots=True)
class NotFigure:
    """A number in a sentence that is not a figure: a year, date, name or code."""

    start: int
    end: int
    text: str
    why: str


@dataclass(frozen=True)
class CorpusBriefing:
    id: str
    title: str
    held_on: date
    published_on: date
    report_year: int
    format: str
    first_page: str  # site-relative path of page 1
    pages: int

    @property
    def profile(self) -> str:
        return PROFILE_OF_FORMAT[self.format]

    def page_path(self, page_no: int) -> str:
        """Page N of `.../content_123.htm` is `.../content_123_N.htm` (sources.Copy.page_url)."""
        if page_no == 1:
            return self.first_page
        stem, _, ext = self.first_page.rpartition(".")
        return f"{stem}_{page_no}.{ext}"


@dataclass(frozen=True)
class CorpusPage:
    briefing_id: str
    page_no: int
    format: str
    path: str  # site-relative
    media_type: str
    content: str  # as served
    text: str  # normalized: page_text(content, media_type)
    figures: tuple[GoldFigure, ...]
    not_figures: tuple[NotFigure, ...]

    def gold(self) -> dict:
        """The page's gold as plain JSON data (one line of gold.jsonl)."""
        return {
            "briefing_id": self.briefing_id,
            "page_no": self.page_no,
            "path": self.path,
            "format": self.format,
            "chars": len(self.text),
            "figures": [asdict(f) for f in self.figures],
            "not_figures": [asdict(n) for n in self.not_figures],
        }


@dataclass
class Corpus:
    seed: int
    briefings: list[CorpusBriefing]
    pages: list[CorpusPage]

    @property
    def characters(self) -> int:
        return sum(len(p.text) for p in self.pages)


# -- numbers as officials say them ------------------------------------------------------------

_WORDS = (  # noqa: SIM905 - a word list reads best as words
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy"}
_QUALIFIER_WORDS = {
    "more_than": ("more than", "over"),
    "nearly": ("nearly", "almost", "close to"),
    "around": ("around", "about", "approximately", "some"),
    "at_least": ("at least",),
    "up_to": ("up to", "as many as"),
}
_MONEY_QUALIFIER_WORDS = _QUALIFIER_WORDS | {"up_to": ("up to", "as much as")}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_MONTHS = (  # noqa: SIM905 - a word list reads best as words
    "January February March April May June July August September October November December"
).split()


def spell(n: int) -> str:
    """2..19 and whole tens up to 70 in words; `twenty-five` style for the rest under 70."""
    if n < 20:
        return _WORDS[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens * 10] + (f"-{_WORDS[ones]}" if ones else "")


def _numeral(x: Decimal) -> str:
    """`21000` -> `21,000`; `1.19` -> `1.19`; never a trailing zero after the point."""
    x = x.normalize()
    if x == x.to_integral_value():
        return f"{int(x):,}"
    whole, _, frac = f"{x:f}".partition(".")
    return f"{int(whole):,}.{frac}"


def _precision(x: Decimal) -> Decimal:
    """Place value of the last non-zero digit, as DESIGN.md defines a number's precision."""
    return Decimal(1).scaleb(x.normalize().as_tuple().exponent)


def _json_number(x: Decimal) -> int | float:
    return int(x) if x == x.to_integral_value() else float(x)


@dataclass(frozen=True)
class Rendered:
    """A figure as written: `prefix` + `numeral` + `suffix`, and what it states."""

    prefix: str
    numeral: str
    suffix: str
    value: Decimal
    qualifier: str


def _round(truth: Decimal, unit: Decimal, qualifier: str) -> Decimal:
    """The written value for a qualifier whose interval (DESIGN.md) contains the truth.

    The written number's precision is at least `unit`, so the interval of the words is at
    least as wide as the rounding step: the truth always lies inside it.
    """
    steps = truth / unit
    if qualifier in ("more_than", "at_least"):
        x = steps.to_integral_value(rounding=ROUND_FLOOR) * unit
        if qualifier == "more_than" and x == truth:
            x -= unit  # "more than X" excludes X itself
    elif qualifier in ("nearly", "up_to"):
        x = steps.to_integral_value(rounding=ROUND_CEILING) * unit
        if qualifier == "nearly" and x == truth:
            x += unit  # "nearly X" excludes X itself
    else:
        x = steps.to_integral_value(rounding=ROUND_HALF_UP) * unit
    return x


def _scale_for(truth: Decimal, rng: random.Random, *, money: bool) -> tuple[str | None, Decimal]:
    """(scale word, rounding unit) for a rounded rendering of `truth` with 2-4 significant digits."""
    if truth >= 10**9 and (money or rng.random() < 0.9):
        scale = "billion"
    elif truth >= 10**6 and (money or rng.random() < 0.9):
        scale = "million"
    elif 10**4 <= truth < 10**6 and not money and rng.random() < 0.08:
        scale = "thousand"
    else:
        scale = None
    magnitude = len(str(int(truth))) - 1  # floor(log10) for truth >= 1
    digits = rng.choice((2, 2, 3, 3, 4))
    unit = Decimal(10) ** max(1, magnitude - digits + 1)
    if scale is not None:
        # "1.19 million" has at most two decimals; "6 thousand" none.
        unit = max(unit, Decimal(_SCALES[scale]) / (10 if scale == "thousand" else 100))
    return scale, unit


def render_count(
    truth: Decimal, rng: random.Random, *, exact: bool, qualifier: str | None = None
) -> Rendered:
    """A count as written. `exact`: the truth is a whole number that may be said as is."""
    if qualifier is None:
        roll = rng.random()
        if exact and roll < 0.35 and truth < 10**6:
            qualifier = "exact"
        elif roll < 0.55:
            qualifier = "rounded"
        else:
            qualifier = rng.choice(list(_QUALIFIER_WORDS))
    if qualifier == "exact":
        return Rendered("", _numeral(truth), "", truth, "exact")
    scale, unit = _scale_for(truth, rng, money=False)
    x = _round(truth, unit, "around" if qualifier == "rounded" else qualifier)
    if qualifier == "rounded" and (x < 100 or _precision(x) < 10):
        qualifier = "around"  # a plain count under 100 is read as exact, not rounded
    words = "" if qualifier == "rounded" else rng.choice(_QUALIFIER_WORDS[qualifier]) + " "
    if scale is None:
        return Rendered(words, _numeral(x), "", x, _kind(qualifier))
    return Rendered(words, _numeral(x / _SCALES[scale]), f" {scale}", x, _kind(qualifier))


def _kind(qualifier: str) -> str:
    return "exact" if qualifier == "rounded" else qualifier


_CNY_STYLES = ("{n} yuan", "RMB {n}", "{n} yuan")
_USD_STYLES = ("${n}", "US${n}", "{n} US dollars")


def render_money(
    truth: Decimal,
    rng: random.Random,
    *,
    currency: str,
    qualifier: str | None = None,
    styles: tuple[str, ...] | None = None,
) -> Rendered:
    """An amount of money as written: `18 billion yuan`, `RMB 2.3 billion`, `US$530 million`."""
    qualifier = qualifier or rng.choice(("rounded", "rounded", *_MONEY_QUALIFIER_WORDS))
    scale, unit = _scale_for(truth, rng, money=True)
    x = _round(truth, unit, "around" if qualifier == "rounded" else qualifier)
    words = "" if qualifier == "rounded" else rng.choice(_MONEY_QUALIFIER_WORDS[qualifier]) + " "
    number = _numeral(x / _SCALES[scale]) if scale else _numeral(x)
    scale_word = f" {scale}" if scale else ""
    style = rng.choice(styles or (_CNY_STYLES if currency == "CNY" else _USD_STYLES))
    before, _, after = style.partition("{n}")
    if after.strip():  # `18 billion yuan`: the scale sits between the number and the currency
        return Rendered(words + before, number, scale_word + after, x, _kind(qualifier))
    return Rendered(words + before, number, scale_word, x, _kind(qualifier))


def render_percent(value: Decimal, rng: random.Random, *, qualifier: str = "exact") -> Rendered:
    words = "" if qualifier == "exact" else rng.choice(_QUALIFIER_WORDS[qualifier]) + " "
    sign = rng.choice(("%", "%", " percent", " per cent"))
    return Rendered(words, _numeral(value), sign, value, qualifier)


# -- the truth behind every mapped figure -----------------------------------------------------


@dataclass(frozen=True)
class MeasureSpec:
    low: int
    high: int
    kind: str  # count | money | small
    chain_share: float = 0.0  # share of (measure, scope) series that are chained


MEASURES: dict[str, MeasureSpec] = {
    "websites_closed": MeasureSpec(800, 12_000, "count", 0.4),
    "cases_investigated": MeasureSpec(2_000, 60_000, "count", 0.5),
    "criminal_cases_cracked_down": MeasureSpec(3_000, 40_000, "count", 0.6),
    "suspects_arrested": MeasureSpec(4_000, 60_000, "count", 0.6),
    "arrests_approved": MeasureSpec(3_000, 15_000, "count", 0.6),
    "persons_prosecuted": MeasureSpec(5_000, 20_000, "count", 0.6),
    "first_instance_cases_concluded": MeasureSpec(200_000, 600_000, "count", 0.8),
    "cases_accepted": MeasureSpec(150_000, 700_000, "count", 0.8),
    "shipments_seized": MeasureSpec(20_000, 90_000, "count", 0.5),
    "products_seized": MeasureSpec(100_000, 200_000_000, "count", 0.3),
    "violations_investigated": MeasureSpec(50_000, 400_000, "count", 0.5),
    "disputes_mediated": MeasureSpec(10_000, 90_000, "count", 0.5),
    "value_involved": MeasureSpec(10**9, 3 * 10**10, "money"),
    "fine_amount": MeasureSpec(10**8, 5 * 10**9, "money"),
    "compensation_awarded": MeasureSpec(5 * 10**8, 10**10, "money"),
    "departments_participating": MeasureSpec(3, 15, "small"),
    "regions_covered": MeasureSpec(5, 31, "small"),
    "organizations_established": MeasureSpec(10, 90, "small"),
}
# Yuan per US dollar, one rate per year: a converted amount restated anywhere agrees.
_USD_RATE = {
    year: Decimal(rate)
    for year, rate in zip(
        range(2015, 2026),
        "6.23 6.64 6.75 6.62 6.90 6.90 6.45 6.73 7.05 7.19 7.20".split(),  # noqa: SIM905
        strict=True,
    )
}


class World:
    """The truth behind the corpus: one value per (measure, scope, year), from the seed alone."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._cache: dict[tuple[str, str, int], Decimal] = {}

    def _rng(self, *key: object) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *key))))

    def chained(self, measure: str, scope: str) -> bool:
        """A chained series may carry year-on-year changes; its values are never whole."""
        spec = MEASURES[measure]
        return self._rng("chain", measure, scope).random() < spec.chain_share

    def change(self, measure: str, scope: str, year: int) -> Decimal:
        """The year-on-year change of a chained series in percent, to one decimal, never 0."""
        tenths = self._rng("change", measure, scope, year).randint(-120, 250)
        return Decimal(tenths or 5) / 10

    def truth(self, measure: str, scope: str, year: int) -> Decimal:
        key = (measure, scope, year)
        if key not in self._cache:
            self._cache[key] = self._truth(measure, scope, year)
        return self._cache[key]

    def _truth(self, measure: str, scope: str, year: int) -> Decimal:
        spec = MEASURES[measure]
        if spec.kind == "small":
            return Decimal(self._rng("small", measure, scope, year).randint(spec.low, spec.high))
        if spec.kind == "count" and not self.chained(measure, scope):
            return Decimal(self._rng("count", measure, scope, year).randint(spec.low, spec.high))
        if spec.kind == "money":
            rng = self._rng("money", measure, scope, year)
            return Decimal(rng.randint(spec.low, spec.high)) + Decimal(rng.randint(1, 996)) / 997
        # Chained: a base in 2010 grown by each year's stated change. The base's odd fraction
        # keeps every value off the edges of the intervals its renderings state.
        rng = self._rng("base", measure, scope)
        value = Decimal(rng.randint(spec.low, spec.high) // 2) + Decimal(rng.randint(1, 996)) / 997
        with localcontext() as ctx:
            ctx.prec = 40
            for y in range(_CHAIN_START + 1, year + 1):
                value *= 1 + self.change(measure, scope, y) / 100
        return value

    @staticmethod
    def usd(cny: Decimal, year: int) -> Decimal:
        return cny / _USD_RATE[year]


# -- writing paragraphs with their figures ----------------------------------------------------


@dataclass
class _Para:
    text: str
    figures: list[tuple[int, int, dict]]  # offsets inside the paragraph
    not_figures: list[tuple[int, int, str]]
    label: str | None = None  # a speaker label opens a turn before this paragraph
    glue: bool = False  # keep on the same page as the next paragraph (a list and its items)


class _Writer:
    """Builds one paragraph, remembering where each numeral lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.figures: list[tuple[int, int, dict]] = []
        self.not_figures: list[tuple[int, int, str]] = []

    def add(self, text: str) -> _Writer:
        self.parts.append(text)
        self.n += len(text)
        return self

    def number(self, r: Rendered, *, initial: bool = False, **gold: object) -> None:
        prefix, numeral = r.prefix, r.numeral
        if initial:
            if prefix:
                prefix = prefix[0].upper() + prefix[1:]
            else:
                numeral = numeral[0].upper() + numeral[1:]
        self.add(prefix)
        start = self.n
        self.add(numeral)
        self.figures.append(
            (start, self.n, {"number": numeral, "value": r.value, "qualifier": r.qualifier, **gold})
        )
        self.add(r.suffix)

    def non_figure(self, before: str, token: str, after: str, why: str) -> None:
        self.add(before)
        self.not_figures.append((self.n, self.n + len(token), why))
        self.add(token).add(after)

    def para(self, label: str | None = None, glue: bool = False) -> _Para:
        return _Para("".join(self.parts), self.figures, self.not_figures, label, glue)


# -- the content of a briefing ----------------------------------------------------------------

_SURNAMES = (  # noqa: SIM905 - a word list reads best as words
    "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo "
    "Liang Song Zheng Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng "
    "Lyu"
).split()
_GIVEN = (  # noqa: SIM905 - a word list reads best as words
    "Wei Fang Min Jing Qiang Lei Jun Yang Yong Yan Jie Tao Ming Chao Xiuying Hua Ping Gang "
    "Hui Bo Ning Rui Xin Yue Zhicheng Wenbin Huina Xiaoli Dan Hong Zhiyong Kai Lan Jianguo "
    "Haiyan"
).split()
_OUTLETS = (
    "China Daily",
    "Xinhua",
    "CGTN",
    "Bloomberg",
    "Phoenix TV",
    "CNR",
    "Reuters",
    "The Paper",
    "Economic Daily",
    "China News Service",
    "Global Times",
    "Beijing Youth Daily",
)
_HOST_TITLES = (
    "spokesperson of the State Council Information Office (SCIO)",
    "director general of the Press Bureau of the State Council Information Office",
)
# institution -> (title of an official who speaks for it, paragraph kinds they answer with)
_OFFICIALS = {
    "courts": ("vice president of the Supreme People's Court", ("courts", "free", "enum")),
    "procuratorates": (
        "a member of the procuratorial committee of the Supreme People's Procuratorate",
        ("procuratorates", "free", "enum"),
    ),
    "public_security": (
        "deputy director of the Economic Crime Investigation Department of the Ministry of Public Security",
        ("public_security", "campaign", "free"),
    ),
    "customs": (
        "director general of the Department of Comprehensive Operations of the General Administration of Customs",
        ("customs", "campaign", "free"),
    ),
    "office": (
        "deputy director of the Office of the National Leading Group on the Fight Against IPR Infringement and Counterfeiting",
        ("enum", "campaign", "national", "courts", "public_security"),
    ),
    "market": (
        "deputy director of the State Administration for Market Regulation",
        ("campaign", "national", "free", "enum"),
    ),
    "copyright": (
        "deputy director of the National Copyright Administration",
        ("campaign", "free", "national"),
    ),
}
# (family, takes a year edition, how to describe its target)
_CAMPAIGNS = (
    ("Sword Net", True, "infringement and piracy in audiovisual works and e-commerce platforms"),
    ("Kunlun", True, "crimes involving food, drugs and the environment"),
    ("Wangjian", True, "the sale of infringing and counterfeit products online"),
    ("Blue Sky", True, "smuggling at sea and across the land border"),
    ("Clean Harbor", True, "infringing goods passing through ports"),
    ("Bright Shield", True, "fake seeds and fertilizers in rural markets"),
    ("Qinglang", False, "harmful information and chaos in online fan circles"),
    ("Iron Fist", False, "trademark infringement and patent counterfeiting"),
    ("Longteng", False, "infringing goods in import and export links"),
    ("Blue Net", False, "infringement in postal and express delivery channels"),
    ("Clean Net", False, "infringement in export transshipment goods"),
    ("Spring Thunder", False, "infringement in the field of agricultural materials"),
    ("Golden Key", False, "counterfeit auto parts and electrical products"),
)
_TOPICS = (
    ("IPR protection and the fight against infringement and counterfeiting", (7, 0, 11, 8)),
    ("online copyright protection", (0, 6, 2)),
    ("customs protection of intellectual property rights", (8, 9, 10, 4, 3)),
    ("food, drug and environmental safety", (1, 5, 11)),
    ("market regulation and the business environment", (7, 2, 12, 5)),
)
_QUESTIONS = (
    "What has been achieved in the fight against IPR infringement and counterfeiting?",
    "Could you give us some figures on law enforcement last year?",
    "What did the campaigns achieve, and what comes next?",
    "How many criminal cases were handled, and how heavy were the penalties?",
    "Foreign companies care about fair treatment. What has been done for them?",
    "Online piracy is still common. What did the regulators do about it?",
    "How did the courts handle intellectual property cases last year?",
    "What support do small and medium-sized enterprises get?",
    "The pandemic affected trade. How did enforcement at the border change?",
    "What were the main results of your work in {year}?",
    "In the face of the COVID-19 outbreak, how did law enforcement keep going?",
)
_QUESTION_CONTEXT = (
    "Intellectual property protection has drawn wide attention at home and abroad.",
    "Many readers are concerned about counterfeit goods sold online.",
    "Foreign chambers of commerce have followed this issue closely.",
    "The business environment is a topic of great interest to investors.",
    "Consumers still complain about fake products in rural markets.",
)
# Officials' connective prose, with no numbers in it. Placed at the start or the end of a
# paragraph only, so it never stands between a campaign's name and the figures that carry it.
_PROSE = (
    "Departments at different levels coordinated with each other and took effective measures "
    "to fight against IPR infringement and counterfeiting.",
    "We published a series of reports and typical cases on IPR protection for demonstration "
    "and guidance.",
    "These efforts have been widely recognized by the international community.",
    "We will continue to improve the long-term mechanism and keep up the pressure on infringers.",
    "Focusing on key links, we have given full play to the role of traditional media and new "
    "media to guide public opinion.",
    "The business environment has improved steadily, and the confidence of market entities has "
    "grown.",
    "We also strengthened the connection between administrative law enforcement and criminal "
    "justice.",
    "Relying on international organizations, we deepened exchanges and cooperation on IPR "
    "protection.",
    "This shows that the protection of intellectual property rights has entered a new stage.",
    "We have paid close attention to the concerns of foreign-invested enterprises and treated "
    "them equally.",
    "Online platforms were urged to fulfil their responsibilities and remove infringing links "
    "promptly.",
    "The credit system has made it harder for repeat infringers to stay in business.",
    "We encouraged right holders to use mediation and arbitration to settle their disputes.",
    "Thanks to big data, enforcement officers can now trace counterfeit goods back to their "
    "source.",
    "All localities were required to report serious cases without delay.",
    "We will keep working with our counterparts in neighboring countries on this.",
    "The fight against counterfeiting is a long-term task that requires the whole of society.",
    "More and more enterprises now see intellectual property as a core asset.",
)
_FOCUS = (
    "audiovisual works",
    "e-commerce platforms",
    "live-streaming",
    "social platforms",
    "online education",
    "rural markets",
    "export goods",
)


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"
        if name not in taken:
            taken.add(name)
            return name


class _Briefing:
    """Writes one briefing's turns as paragraphs; `pages()` cuts and renders them."""

    def __init__(self, world: World, seed: int, index: int, max_pages: int) -> None:
        rng = self.rng = random.Random(f"{seed}:briefing:{index}")
        self.world = world
        self.index = index
        self.year = rng.randint(FIRST_REPORT_YEAR, LAST_REPORT_YEAR)
        self.format = rng.choices(FORMATS, weights=_FORMAT_WEIGHTS)[0]
        self.n_pages = min(rng.randint(2, 9), max_pages)
        self.held_on = date(self.year + 1, rng.randint(1, 6), rng.randint(1, 28))
        self.published_on = self.held_on + timedelta(days=rng.randint(1, 4))
        topic, families = rng.choice(_TOPICS)
        self.topic = topic
        self.title = (
            f"SCIO briefing on {topic} in {self.year}"
            if rng.random() < 0.6
            else f"SCIO briefing on the report on {topic} ({self.year})"
        )
        picked = rng.sample(families, k=min(len(families), rng.randint(1, 3)))
        self.campaigns = [
            (f"{_CAMPAIGNS[i][0]} {self.year}" if _CAMPAIGNS[i][1] else _CAMPAIGNS[i][0], i)
            for i in picked
        ]
        taken: set[str] = set()
        self.host = _name(rng, taken)
        self.host_title = rng.choice(_HOST_TITLES)
        institutions = rng.sample(list(_OFFICIALS), k=rng.randint(2, 3))
        self.officials = [(_name(rng, taken), inst) for inst in institutions]
        self.outlets = rng.sample(_OUTLETS, k=6)
        self.content_id = 70_000_000 + 13 * index
        month = f"{self.published_on.year}-{self.published_on.month:02d}"
        self.first_page = (
            f"{_SITE_DIR[self.format]}/{month}/{self.published_on.day:02d}/"
            f"content_{self.content_id}.{_EXTENSION[self.format]}"
        )
        self.id = f"bench-{index:05d}-{self.year}"
        # Page 1 opens with the Speakers / Chairperson / Date block on some sites.
        self.landing = self.format in ("text", "scio") and rng.random() < 0.5
        self.paragraphs: list[_Para] = []
        self._write(self.n_pages * rng.randint(4_600, 6_800))

    # -- figures ---------------------------------------------------------------------------
    def fact(
        self, w: _Writer, measure: str, scope: str, template: str, *, initial: bool = False
    ) -> bool:
        """Write a statement of the truth of (measure, scope, this year); True if chained."""
        rng, spec = self.rng, MEASURES[measure]
        truth = self.world.truth(measure, scope, self.year)
        gold = {"measure": measure, "scope": scope, "year": self.year, "template": template}
        if spec.kind == "small":
            n = int(truth)
            spelled = (n < 20 and (initial or rng.random() < 0.7)) or (
                n < 70 and rng.random() < 0.2
            )
            text = spell(n) if spelled else _numeral(truth)
            w.number(
                Rendered("", text, "", truth, "exact"),
                initial=initial,
                kind="level",
                unit_kind="count",
                **gold,
            )
            return False
        if spec.kind == "money":
            self.money(w, truth, gold, initial=initial)
            return False
        chained = self.world.chained(measure, scope)
        r = render_count(truth, rng, exact=not chained)
        w.number(r, initial=initial, kind="level", unit_kind="count", **gold)
        return chained

    def money(self, w: _Writer, cny: Decimal, gold: dict, *, initial: bool = False) -> None:
        """An amount in yuan, sometimes with its dollar conversion in brackets."""
        rng = self.rng
        w.number(
            render_money(cny, rng, currency="CNY"),
            initial=initial,
            kind="level",
            unit_kind="currency",
            currency="CNY",
            **gold,
        )
        if rng.random() < 0.35:
            w.add(" (")
            q = rng.choice(("rounded", "rounded", "around"))
            usd = World.usd(cny, self.year)
            r = render_money(usd, rng, currency="USD", qualifier=q, styles=("${n}", "US${n}"))
            w.number(r, kind="level", unit_kind="currency", currency="USD", **gold)
            w.add(")")

    def change(self, w: _Writer, measure: str, scope: str, template: str) -> None:
        """`, a year-on-year increase of 11.7%` after the level of a chained series."""
        rng = self.rng
        c = self.world.change(measure, scope, self.year)
        up = c > 0
        r = render_percent(abs(c), rng)
        gold = {"kind": "change", "unit_kind": "percent", "template": f"{template}+change"}
        gold |= {"measure": measure, "scope": scope, "year": self.year}
        style = rng.randrange(4)
        if style == 0:
            w.add(f", a year-on-year {'increase' if up else 'decrease'} of ")
            w.number(r, **gold)
        elif style == 1:
            w.add(f", {'up' if up else 'down'} ")
            w.number(r, **gold)
            w.add(" year on year")
        elif style == 2:
            w.add(", an increase of " if up else ", a decrease of ")
            w.number(r, **gold)
            w.add(" over the previous year")
        else:
            w.add(f", {'up' if up else 'down'} ")
            w.number(r, **gold)
            w.add(" from a year earlier")

    def free_count(
        self, w: _Writer, low: int, high: int, template: str, *, initial: bool = False
    ) -> None:
        """A figure no measure rule maps: its value is free."""
        truth = Decimal(self.rng.randint(low, high))
        r = render_count(truth, self.rng, exact=True)
        w.number(r, initial=initial, kind="level", unit_kind="count", template=template)

    def free_small(self, w: _Writer, template: str, *, initial: bool = False) -> None:
        n = self.rng.randint(2, 19)
        text = spell(n) if self.rng.random() < 0.6 else str(n)
        w.number(
            Rendered("", text, "", Decimal(n), "exact"),
            initial=initial,
            kind="level",
            unit_kind="count",
            template=template,
        )

    def free_percent(
        self, w: _Writer, template: str, *, kind: str = "level", initial: bool = False
    ) -> None:
        rng = self.rng
        if kind == "level":  # a share: within 0-100 (R5)
            value = Decimal(rng.randint(50, 970)) / 10
            q = "exact" if rng.random() < 0.6 else rng.choice(("more_than", "around", "nearly"))
        else:
            value, q = Decimal(rng.randint(5, 400)) / 10, "exact"
        r = render_percent(value, rng, qualifier=q)
        w.number(r, initial=initial, kind=kind, unit_kind="percent", template=template)

    # -- paragraphs ------------------------------------------------------------------------
    def campaign_paragraph(self, w: _Writer) -> None:
        """A campaign named once, its figures in this and the following sentences."""
        rng = self.rng
        k = 2 if len(self.campaigns) >= 2 and rng.random() < 0.2 else 1
        chosen = rng.sample(self.campaigns, k=k)
        names = tuple(name for name, _ in chosen)
        scope = "campaign:" + "+".join(sorted(names))
        name, family = chosen[0]
        focus = _CAMPAIGNS[family][2]
        measures = [
            "websites_closed",
            "cases_investigated",
            "criminal_cases_cracked_down",
            "suspects_arrested",
            "shipments_seized",
            "products_seized",
            "violations_investigated",
            "value_involved",
            "fine_amount",
        ]
        subset_rng = self.world._rng("campaign-measures", scope)
        own = subset_rng.sample(measures, k=5)
        todo = rng.sample(own, k=rng.randint(2, 4))
        if k == 2:
            a, b = names
            w.add(f'The "{a}" and "{b}" campaigns together ')
            self.carry(w, todo.pop(), scope, lead=False)
        else:
            style = rng.randrange(5)
            if style == 0:
                self.fact(
                    w, "departments_participating", scope, "campaign-departments", initial=True
                )
                w.add(f' departments launched the "{name}" campaign, focusing on {focus}.')
            elif style == 1:
                w.add(f'Under the "{name}" campaign, law enforcement departments ')
                self.carry(w, todo.pop(), scope, lead=False)
            elif style == 2:
                w.add(f"We organized the {name} campaign to crack down on {focus}.")
            elif style == 3:
                w.add(f'We deployed a campaign for IPR protection named "{name}," and it ')
                self.carry(w, todo.pop(), scope, lead=False)
            else:
                w.add(
                    f'The "{name}" campaign ran from {rng.choice(_MONTHS[:5])} to '
                    f"{rng.choice(_MONTHS[6:])}, and it "
                )
                self.carry(w, todo.pop(), scope, lead=False)
        for measure in todo:  # carried over: these sentences do not repeat the name
            w.add(" ")
            self.carry(w, measure, scope, lead=True)
        if rng.random() < 0.4:
            w.add(" ")
            self.free_sentence(w)

    def carry(self, w: _Writer, measure: str, scope: str, *, lead: bool) -> None:
        """One sentence (or the rest of one) stating a campaign's figure for `measure`.

        lead: the sentence starts here; otherwise a subject was written and a verb follows.
        """
        rng = self.rng
        t = f"campaign-{measure}"
        subject = rng.choice(("We", "Law enforcement departments", "Local authorities")) + " "
        if measure == "websites_closed":
            if lead and rng.random() < 0.4:
                chained = self.fact(w, measure, scope, t + "-passive", initial=True)
                w.add(" illegal websites were closed")
            else:
                w.add(subject if lead else "")
                w.add(rng.choice(("closed ", "shut down ")))
                chained = self.fact(w, measure, scope, t)
                w.add(
                    rng.choice((" illegal websites", " websites and apps", " infringing websites"))
                )
        elif measure == "cases_investigated" and lead and rng.random() < 0.3:
            w.add("A total of ")
            chained = self.fact(w, measure, scope, t + "-total")
            w.add(" infringement cases were investigated and dealt with")
        elif measure == "cases_investigated":
            w.add(subject if lead else "")
            w.add(rng.choice(("investigated and handled ", "dealt with ", "handled ")))
            chained = self.fact(w, measure, scope, t)
            w.add(
                rng.choice(
                    (
                        " cases of trademark infringement",
                        " infringement cases",
                        " cases of online piracy",
                    )
                )
            )
        elif measure == "criminal_cases_cracked_down":
            w.add(subject if lead else "")
            w.add(rng.choice(("cracked down on ", "solved ")))
            chained = self.fact(w, measure, scope, t)
            w.add(rng.choice((" criminal cases of IPR infringement", " criminal cases")))
        elif measure == "suspects_arrested" and lead and rng.random() < 0.3:
            chained = self.fact(w, measure, scope, t + "-passive", initial=True)
            w.add(" suspects were arrested")
        elif measure == "suspects_arrested":
            w.add(subject if lead else "")
            w.add("arrested ")
            chained = self.fact(w, measure, scope, t)
            w.add(" suspects")
        elif measure == "shipments_seized":
            w.add(subject if lead else "")
            w.add("seized ")
            chained = self.fact(w, measure, scope, t)
            w.add(" shipments of suspected infringing goods")
        elif measure == "products_seized":
            if lead and rng.random() < 0.4:
                chained = self.fact(w, measure, scope, t + "-passive", initial=True)
                w.add(
                    rng.choice(
                        (" problematic masks were seized", " counterfeit products were seized")
                    )
                )
            else:
                w.add(subject if lead else "")
                w.add("seized ")
                chained = self.fact(w, measure, scope, t)
                w.add(
                    rng.choice(
                        (
                            " counterfeit products",
                            " boxes of fake medicine",
                            " bottles of fake liquor",
                        )
                    )
                )
        elif measure == "violations_investigated":
            w.add(subject if lead else "")
            w.add("investigated ")
            chained = self.fact(w, measure, scope, t)
            w.add(" food safety violations")
        elif measure == "value_involved":
            w.add(subject if lead else "")
            w.add("handled cases with the value involved totaling ")
            self.fact(w, measure, scope, t)
            chained = False
        elif measure == "fine_amount":
            w.add(subject if lead else "")
            w.add("imposed fines of ")
            self.fact(w, measure, scope, t)
            chained = False
        else:
            raise ValueError(measure)
        if chained and rng.random() < 0.5:
            self.change(w, measure, scope, t)
        w.add(".")

    def prose(self, w: _Writer, k: int = 1) -> None:
        """Sentences without numbers: most of a real transcript is words."""
        for sentence in self.rng.sample(_PROSE, k=k):
            if w.n and not w.parts[-1].endswith(" "):
                w.add(" ")
            w.add(sentence)

    def free_sentence(self, w: _Writer) -> None:
        """A sentence of figures that no measure rule maps (their values are free)."""
        rng = self.rng
        style = rng.randrange(15)
        if style >= 9:
            self.free_sentence_more(w, style)
        elif style == 0:
            w.add("Platforms removed ")
            self.free_count(w, 20_000, 3_000_000, "free-posts")
            w.add(" infringing posts and muted ")
            self.free_count(w, 500, 90_000, "free-live-rooms")
            w.add(" live rooms.")
        elif style == 1:
            w.add("We ordered ")
            self.free_count(w, 30, 900, "free-apps")
            w.add(" apps to rectify their youth modes.")
        elif style == 2:
            w.add("The public sent in ")
            self.free_count(w, 100_000, 20_000_000, "free-reports")
            w.add(" reports")
            w.add(", up ")
            self.free_percent(w, "free-reports+change", kind="change")
            w.add(" year on year.")
        elif style == 3:
            self.free_count(w, 1_000, 90_000, "free-enterprises", initial=True)
            w.add(" enterprises received credit repair services.")
        elif style == 4:
            w.add("Right holders recovered losses of ")
            cny = Decimal(rng.randint(10**7, 3 * 10**9))
            w.number(
                render_money(cny, rng, currency="CNY"),
                kind="level",
                unit_kind="currency",
                currency="CNY",
                template="free-losses",
            )
            w.add(" with our help.")
        elif style == 5:
            self.free_percent(w, "free-share", initial=True)
            w.add(" of the complaints were answered ")
            days = rng.randint(3, 15)
            w.number(
                Rendered("within ", str(days), "", Decimal(days), "up_to"),
                kind="level",
                unit_kind="duration",
                template="free-within-days",
            )
            w.add(" working days.")
        elif style == 6:
            w.add("Market regulators removed ")
            truth = Decimal(rng.randint(300, 9_000))
            w.number(
                render_count(truth, rng, exact=True),
                kind="level",
                unit_kind="other",
                template="free-tonnes",
            )
            w.add(" tonnes of fake seeds and fertilizers from the market.")
        elif style == 7:
            w.add("We set up ")
            self.free_small(w, "free-spelled")
            w.add(" pilot cities for credit supervision.")
        else:
            w.add("The share of complaints settled through mediation reached ")
            self.free_percent(w, "free-share-level")
            w.add(", up ")
            pp = Decimal(rng.randint(2, 60)) / 10
            r = Rendered("", _numeral(pp), "", pp, "exact")
            w.number(r, kind="change", unit_kind="percentage_points", template="free-points")
            w.add(" percentage points.")

    def free_sentence_more(self, w: _Writer, style: int) -> None:
        """Phrasings the hand-made transcripts do not use."""
        rng = self.rng
        if style == 9:
            w.add("Telecom fraud cases involving ")
            cny = Decimal(rng.randint(10**8, 9 * 10**9))
            gold = {"kind": "level", "unit_kind": "currency", "template": "free-involving"}
            w.number(
                render_money(cny, rng, currency="CNY", styles=("{n} yuan",)), currency="CNY", **gold
            )
            w.add(" (")
            usd = Decimal(rng.randint(10**7, 9 * 10**8))
            gold["template"] = "free-us-dollars"
            r = render_money(
                usd, rng, currency="USD", qualifier="around", styles=("{n} U.S. dollars",)
            )
            w.number(r, currency="USD", **gold)
            w.add(") were uncovered.")
        elif style == 10:
            w.add("We trained ")
            n = rng.randint(2, 40) * 1000
            r = Rendered("", _numeral(Decimal(n)), "-plus", Decimal(n), "more_than")
            w.number(r, kind="level", unit_kind="count", template="free-plus")
            w.add(" law enforcement officers.")
        elif style == 11:
            n = rng.randint(2, 9)
            words, qualifier = rng.choice(
                (("some ", "around"), ("nearly ", "nearly"), ("", "exact"))
            )
            r = Rendered(words, spell(n), " million", Decimal(n * 10**6), qualifier)
            w.number(
                r, initial=True, kind="level", unit_kind="count", template="free-spelled-million"
            )
            w.add(" posts of harmful information were deleted.")
        elif style == 12:
            w.add("Cross-border e-commerce accounted for ")
            self.free_percent(w, "free-percent-of-total")
            w.add(" of the total.")
        elif style == 13:
            w.add("The number of registered volunteers grew from ")
            a = Decimal(rng.randint(50, 400) * 100)
            r = render_count(a, rng, exact=True, qualifier="exact")
            w.number(r, kind="level", unit_kind="count", template="free-grew-from")
            w.non_figure(" in ", str(self.year - 1), " to ", "year")
            b = (a * (1 + Decimal(rng.randint(5, 60)) / 100)).to_integral_value()
            r = render_count(b, rng, exact=True, qualifier="exact")
            w.number(r, kind="level", unit_kind="count", template="free-grew-to")
            w.non_figure(" in ", str(self.year), ".", "year")
        else:
            w.add("Its sales revenue rose ")
            r = render_percent(Decimal(rng.randint(5, 300)) / 10, rng)
            w.number(r, kind="change", unit_kind="percent", template="free-rose-to+change")
            w.add(" to ")
            cny = Decimal(rng.randint(10**8, 9 * 10**9))
            r = render_money(cny, rng, currency="CNY", qualifier="rounded")
            w.number(r, kind="level", unit_kind="currency", currency="CNY", template="free-rose-to")
            w.add(".")

    def institution_paragraph(self, w: _Writer, inst: str) -> None:
        """Sentences that each name the institution, so its figures belong to it."""
        rng = self.rng
        scope = f"institution:{inst}"
        t = f"{inst}"
        if inst == "courts":
            if rng.random() < 0.5:
                w.add(f"In {self.year}, courts across the country concluded ")
            else:
                w.add("Courts at all levels concluded ")
            chained = self.fact(w, "first_instance_cases_concluded", scope, t + "-first-instance")
            w.add(" first-instance IPR cases")
            if chained:
                self.change(w, "first_instance_cases_concluded", scope, t + "-first-instance")
            w.add(".")
        elif inst == "public_security":
            style = rng.randrange(3)
            if style == 0:
                w.add("Public security organs cracked down on ")
                self.fact(w, "criminal_cases_cracked_down", scope, t + "-criminal")
                w.add(
                    " criminal cases of IPR infringement and the production and sale of counterfeit goods, arrested "
                )
                self.fact(w, "suspects_arrested", scope, t + "-suspects")
                w.add(" suspects, with the value involved totaling ")
                self.fact(w, "value_involved", scope, t + "-value")
                w.add(".")
            elif style == 1:
                w.add("The police solved ")
                chained = self.fact(w, "criminal_cases_cracked_down", scope, t + "-criminal")
                w.add(" criminal cases involving the internet")
                if chained:
                    self.change(w, "criminal_cases_cracked_down", scope, t + "-criminal")
                w.add(".")
            else:
                w.add("Public security organs arrested ")
                chained = self.fact(w, "suspects_arrested", scope, t + "-suspects")
                w.add(" suspects")
                if chained:
                    self.change(w, "suspects_arrested", scope, t + "-suspects")
                w.add(".")
        elif inst == "procuratorates":
            w.add("Procuratorates approved the arrest of ")
            self.fact(w, "arrests_approved", scope, t + "-approved")
            w.add(" people suspected of IPR crimes and prosecuted ")
            chained = self.fact(w, "persons_prosecuted", scope, t + "-prosecuted")
            w.add(" people")
            if chained:
                self.change(w, "persons_prosecuted", scope, t + "-prosecuted")
            w.add(".")
        elif inst == "customs":
            w.add("Customs seized ")
            self.fact(w, "shipments_seized", scope, t + "-shipments")
            w.add(" shipments of suspected infringing goods")
            if rng.random() < 0.5:
                whole = self.world.truth("shipments_seized", scope, self.year)
                share = Decimal(rng.randint(40, 60)) / 100
                w.add(", of which ")
                part = render_count(
                    whole * share,
                    rng,
                    exact=False,
                    qualifier=rng.choice(("rounded", "more_than", "around")),
                )
                w.number(part, kind="level", unit_kind="count", template="customs-part")
                w.add(" were found in postal channels and ")
                part = render_count(
                    whole * (1 - share) / 2,
                    rng,
                    exact=False,
                    qualifier=rng.choice(("rounded", "nearly", "around")),
                )
                w.number(part, kind="level", unit_kind="count", template="customs-part")
                w.add(" in express delivery")
            w.add(".")
        w.add(" ")
        self.institution_extra(w, inst, scope)

    def institution_extra(self, w: _Writer, inst: str, scope: str) -> None:
        rng = self.rng
        if inst == "courts":
            style = rng.randrange(3)
            if style == 0:
                w.add("Courts at all levels accepted ")
                chained = self.fact(w, "cases_accepted", scope, "courts-accepted")
                w.add(" new IPR cases")
                if chained:
                    self.change(w, "cases_accepted", scope, "courts-accepted")
                w.add(".")
            elif style == 1:
                w.add("The amount of compensation awarded by courts in IPR cases ")
                w.add(rng.choice(("increased by ", "rose by ")))
                self.free_percent(w, "courts-compensation-change", kind="change")
                w.add(" year-on-year.")
            else:
                w.add("Courts awarded compensation of ")
                truth = self.world.truth("compensation_awarded", scope, self.year)
                gold = {
                    "measure": "compensation_awarded",
                    "scope": scope,
                    "year": self.year,
                    "template": "courts-compensation",
                }
                self.money(w, truth, gold)
                w.add(" to right holders.")
        elif inst == "public_security":
            w.add("The police also shut down ")
            self.free_count(w, 200, 9_000, "police-platforms")
            w.add(" illegal platforms.")
        elif inst == "procuratorates":
            w.add("Prosecutors also filed ")
            self.free_count(w, 300, 9_000, "prosecutors-lawsuits")
            w.add(" public interest lawsuits.")
        else:
            w.add("Customs also intercepted ")
            self.fact(w, "products_seized", scope, "customs-products")
            w.add(" counterfeit products at ports.")

    def national_paragraph(self, w: _Writer) -> None:
        """Figures with no campaign and no institution: national totals."""
        rng = self.rng
        scope = "national"
        sentences = rng.sample(range(5), k=rng.randint(2, 3))
        for i, style in enumerate(sentences):
            if i:
                w.add(" ")
            if style == 0:
                self.fact(
                    w, "departments_participating", scope, "national-departments", initial=True
                )
                w.add(
                    " departments jointly carried out special enforcement campaigns to combat counterfeit and shoddy food in rural areas."
                )
            elif style == 1:
                w.add("We carried out annual performance evaluation in ")
                self.fact(w, "regions_covered", scope, "national-regions")
                w.add(" provincial-level regions.")
            elif style == 2:
                w.add(
                    "In major areas regarding people's livelihoods, we jointly launched special "
                    "campaigns to implement the "
                )
                w.non_figure('"', "four", ' strictest standards" requirements, with ', "name")
                chained = self.fact(w, "violations_investigated", scope, "national-violations")
                w.add(" food safety violations investigated and handled")
                if chained:
                    self.change(w, "violations_investigated", scope, "national-violations")
                w.add(".")
            elif style == 3:
                w.add("We now have ")
                self.fact(w, "organizations_established", scope, "national-centers")
                w.add(" national IPR protection centers.")
            else:
                chained = self.fact(
                    w, "disputes_mediated", scope, "national-disputes", initial=True
                )
                w.add(" IPR disputes were mediated across the country")
                if chained:
                    self.change(w, "disputes_mediated", scope, "national-disputes")
                w.add(".")

    def closing_paragraph(self, w: _Writer) -> None:
        """Numbers that are not figures. Last paragraph of a turn: a year here would otherwise
        become the period of the figures after it."""
        rng = self.rng
        for style in rng.sample(range(9), k=rng.randint(1, 3)):
            if w.n:
                w.add(" ")
            if style == 0:
                w.non_figure("During the ", "14th", " Five-Year Plan (", "name")
                w.non_figure("", "2021-25", ") period, we will keep up the pressure.", "name")
            elif style == 1:
                w.non_figure(
                    "We shared these experiences at the G",
                    "20",
                    " trade ministers' meeting and at the ",
                    "name",
                )
                w.non_figure("", "3rd", " Forum on Product Quality and Safety.", "name")
            elif style == 2:
                w.non_figure(
                    "Under Article ",
                    str(rng.randint(12, 80)),
                    " of the Trademark Law, punitive damages are now applied more widely.",
                    "name",
                )
            elif style == 3:
                w.non_figure(
                    "The full list is on page ",
                    str(rng.randint(3, 40)),
                    " of the handout we distributed this morning.",
                    "name",
                )
            elif style == 4:
                month = rng.choice(_MONTHS[:4])
                w.non_figure(
                    f"The details are in the annual report we released on {month} ",
                    str(rng.randint(1, 28)),
                    ", ",
                    "date",
                )
                w.non_figure("", str(self.year + 1), ".", "year")
            elif style == 5:
                w.non_figure(
                    "Compared with ",
                    str(self.year - 1),
                    ", the overall situation has clearly improved.",
                    "year",
                )
            elif style == 6:
                w.non_figure(
                    "The public can report infringements through the ", "12315", " hotline.", "code"
                )
            elif style == 7:
                w.non_figure(
                    "In the face of the COVID-",
                    "19",
                    " outbreak, enforcement work never stopped.",
                    "name",
                )
            else:
                w.non_figure(
                    "The ", "two", " sides will sign a memorandum on cooperation soon.", "name"
                )

    def enumeration(self) -> list[_Para]:
        """`... in four areas, which are as follows:` and one paragraph per item."""
        rng = self.rng
        count = rng.randint(2, 5)
        w = _Writer()
        statement = rng.randrange(3)
        if statement == 0:
            w.add("We specifically strengthened our efforts in ")
            w.number(
                Rendered("", spell(count), "", Decimal(count), "exact"),
                kind="enumeration_count",
                unit_kind="count",
                template="enumeration-areas",
            )
            w.add(" areas, which are as follows:")
        elif statement == 1:
            w.add("Our work last year can be summed up in the following ")
            w.number(
                Rendered("", spell(count), "", Decimal(count), "exact"),
                kind="enumeration_count",
                unit_kind="count",
                template="enumeration-aspects",
            )
            w.add(" aspects:")
        else:
            w.add("This year we focused on the following ")
            w.number(
                Rendered("", spell(count), "", Decimal(count), "exact"),
                kind="enumeration_count",
                unit_kind="count",
                template="enumeration-tasks",
            )
            w.add(" tasks:")
        paras = [w.para(glue=True)]
        ordinals = ("First", "Second", "Third", "Fourth", "Fifth")
        heads = (
            "we strengthened coordination",
            "we strengthened judicial protection",
            "we strengthened regulation in key fields",
            "we strengthened publicity and promotion",
            "we deepened international cooperation",
            "we improved the credit system",
        )
        for i, head in enumerate(rng.sample(heads, k=count)):
            w = _Writer()
            w.add(f"{ordinals[i]}, {head}. ")
            kind = rng.randrange(4)
            if kind == 0 and self.campaigns:
                self.campaign_paragraph(w)
            elif kind == 1:
                self.institution_paragraph(
                    w, rng.choice(("courts", "public_security", "procuratorates", "customs"))
                )
            elif kind == 2:
                self.national_paragraph(w)
            else:
                self.free_sentence(w)
            paras.append(w.para(glue=i < count - 1))
        return paras

    # -- turns -----------------------------------------------------------------------------
    def _write(self, target_chars: int) -> None:
        rng = self.rng
        say = self.paragraphs.append
        intro = ", and ".join(f"Mr. {name}, {_OFFICIALS[inst][0]}" for name, inst in self.officials)
        w = _Writer()
        w.add(
            "Good morning, ladies and gentlemen. Welcome to this press conference. Today we "
            f"have invited {intro}, to brief you on {self.topic} and answer your questions."
        )
        if rng.random() < 0.5:
            w.non_figure(" We will take questions until ", str(rng.randint(10, 11)), ":", "time")
            w.non_figure("", rng.choice(("15", "30", "45")), " a.m.", "time")
        w.add(" Now the floor is open.")
        say(w.para(label=self.host))
        size = sum(len(p.text) for p in self.paragraphs)
        turn = 0
        while size < target_chars:
            outlet = self.outlets[turn % len(self.outlets)]
            question = rng.choice(_QUESTIONS).format(year=self.year)
            w = _Writer()
            if rng.random() < 0.5:
                w.add(rng.choice(_QUESTION_CONTEXT) + " ")
            if "COVID-19" in question:
                before, _, after = question.partition("COVID-19")
                w.non_figure(before + "COVID-", "19", after, "name")
            elif str(self.year) in question:
                before, _, after = question.partition(str(self.year))
                w.non_figure(before, str(self.year), after, "year")
            else:
                w.add(question)
            say(w.para(label=outlet))
            name, inst = rng.choice(self.officials)
            kinds = _OFFICIALS[inst][1]
            paragraphs: list[_Para] = []
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(kinds)
                if kind == "enum":
                    paragraphs.extend(self.enumeration())
                    continue
                w = _Writer()
                if not paragraphs and rng.random() < 0.5:
                    w.add("Thank you for your question. ")
                if rng.random() < 0.6:
                    self.prose(w, rng.randint(1, 2))
                    w.add(" ")
                if kind == "campaign" and self.campaigns:
                    self.campaign_paragraph(w)
                elif kind in ("courts", "public_security", "procuratorates", "customs"):
                    self.institution_paragraph(w, kind)
                elif kind == "national":
                    self.national_paragraph(w)
                else:
                    self.free_sentence(w)
                    w.add(" ")
                    self.free_sentence(w)
                if rng.random() < 0.6:
                    self.prose(w, rng.randint(1, 2))
                paragraphs.append(w.para())
                if rng.random() < 0.5:
                    w = _Writer()
                    self.prose(w, rng.randint(2, 4))
                    paragraphs.append(w.para())
            if rng.random() < 0.6:
                w = _Writer()
                self.closing_paragraph(w)
                paragraphs.append(w.para())
            paragraphs[0].label = name
            for p in paragraphs:
                say(p)
            if rng.random() < 0.4:
                say(
                    _Para(f"Thank you, Mr. {name}. Next question, please.", [], [], label=self.host)
                )
            size = sum(len(p.text) for p in self.paragraphs)
            turn += 1
        say(
            _Para(
                "That concludes today's press conference. Thank you all.", [], [], label=self.host
            )
        )

    # -- pages -----------------------------------------------------------------------------
    def _cut(self) -> list[list[_Para]]:
        """Paragraphs into pages of about equal size; a list stays with its items."""
        units: list[list[_Para]] = []
        for p in self.paragraphs:
            if units and units[-1][-1].glue:
                units[-1].append(p)
            else:
                units.append([p])
        total = sum(len(p.text) for p in self.paragraphs)
        n = min(self.n_pages, len(units))
        pages: list[list[_Para]] = [[] for _ in range(n)]
        done = page = 0
        for i, unit in enumerate(units):
            wanted = min(n - 1, done * n // total)
            # One page at a time, and never so late that a page would stay empty.
            page = min(page + 1, max(page, wanted, n - (len(units) - i)))
            pages[page].extend(unit)
            done += sum(len(p.text) for p in unit)
        return pages

    def render(self) -> tuple[CorpusBriefing, list[CorpusPage]]:
        cut = self._cut()
        briefing = CorpusBriefing(
            id=self.id,
            title=self.title,
            held_on=self.held_on,
            published_on=self.published_on,
            report_year=self.year,
            format=self.format,
            first_page=self.first_page,
            pages=len(cut),
        )
        pages = []
        for page_no, paras in enumerate(cut, start=1):
            content = _RENDERERS[self.format](self, briefing, page_no, paras)
            media_type = MEDIA_TYPE_OF_FORMAT[self.format]
            text = page_text(content, media_type)
            figures, not_figures = _locate(text, paras, briefing.page_path(page_no))
            pages.append(
                CorpusPage(
                    briefing_id=self.id,
                    page_no=page_no,
                    format=self.format,
                    path=briefing.page_path(page_no),
                    media_type=media_type,
                    content=content,
                    text=text,
                    figures=figures,
                    not_figures=not_figures,
                )
            )
        return briefing, pages


def _locate(
    text: str, paras: list[_Para], where: str
) -> tuple[tuple[GoldFigure, ...], tuple[NotFigure, ...]]:
    """Gold offsets in the normalized text: each paragraph is found in order, verbatim."""
    figures: list[GoldFigure] = []
    not_figures: list[NotFigure] = []
    cursor = 0
    for para in paras:
        at = text.find(para.text, cursor)
        if at < 0:
            raise ValueError(
                f"{where}: paragraph not found in the normalized text: {para.text[:80]!r}"
            )
        cursor = at + len(para.text)
        for s, e, gold in para.figures:
            value = gold.pop("value")
            figures.append(
                GoldFigure(start=at + s, end=at + e, value=_json_number(Decimal(value)), **gold)
            )
        for s, e, why in para.not_figures:
            not_figures.append(NotFigure(at + s, at + e, text[at + s : at + e], why))
    return tuple(figures), tuple(not_figures)


# -- page formats -----------------------------------------------------------------------------


def _summary(b: _Briefing) -> str:
    held = f"{_MONTHS[b.held_on.month - 1]} {b.held_on.day}"
    return (
        f"The State Council Information Office (SCIO) held a press conference on {held} to "
        f"brief the media on {b.topic} in {b.year}."
    )


def _landing_lines(b: _Briefing) -> list[str]:
    lines = ["Speakers:"]
    lines += [f"Mr. {name}, {_OFFICIALS[inst][0]}" for name, inst in b.officials]
    lines += ["Chairperson:", f"Ms. {b.host}, {b.host_title}", "Date:"]
    lines.append(f"{_MONTHS[b.held_on.month - 1][:3]}. {b.held_on.day}, {b.held_on.year}")
    return lines


def _landing(b: _Briefing, page_no: int) -> bool:
    return page_no == 1 and b.landing


def _inline_labels(b: _Briefing) -> bool:
    return b.format == "mobile" or (b.format != "text" and b.index % 4 == 1)


def _render_text(b: _Briefing, briefing: CorpusBriefing, page_no: int, paras: list[_Para]) -> str:
    published = f"{_MONTHS[b.published_on.month - 1]} {b.published_on.day}, {b.published_on.year}"
    lines = [b.title, "", "Around China", _summary(b), "", f"China.org.cnUpdated:  {published}", ""]
    if _landing(b, page_no):
        for line in _landing_lines(b):
            lines += [line, ""]
    inline = b.index % 2 == 1
    for p in paras:
        if p.label and inline:
            lines += [f"{p.label}: {p.text}", ""]
            continue
        if p.label:
            lines += [f"{p.label}:", ""]
        lines += [p.text, ""]
    if briefing.pages > 1:
        lines.append("<  " + "  ".join(str(n) for n in range(1, briefing.pages + 1)) + "  >")
    return "\n".join(lines)


def _html_paragraphs(b: _Briefing, paras: list[_Para], bold: str) -> list[str]:
    out = []
    entities = b.index % 2 == 0  # some pages spell curly quotes as entities
    for p in paras:
        body = html.escape(p.text, quote=False)
        if entities:
            body = body.replace("“", "&ldquo;").replace("”", "&rdquo;")
        if p.label and _inline_labels(b):
            out.append(f"<p><{bold}>{html.escape(p.label)}:</{bold}> {body}</p>")
            continue
        if p.label:
            out.append(f"<p><{bold}>{html.escape(p.label)}:</{bold}></p>")
        out.append(f"<p>{body}</p>")
    return out


def _pager(briefing: CorpusBriefing, page_no: int, sep: str = " ") -> str:
    if briefing.pages < 2:
        return ""
    name = lambda n: briefing.page_path(n).rpartition("/")[2]  # noqa: E731 - a local alias
    prev_page, next_page = max(1, page_no - 1), min(briefing.pages, page_no + 1)
    links = [f'<a href="{name(prev_page)}">&lt;</a>']
    for n in range(1, briefing.pages + 1):
        links.append(f"<b>{n}</b>" if n == page_no else f'<a href="{name(n)}">{n}</a>')
    links.append(f'<a href="{name(next_page)}">&gt;</a>')
    return sep.join(links)


def _render_scio(b: _Briefing, briefing: CorpusBriefing, page_no: int, paras: list[_Para]) -> str:
    published = b.published_on.isoformat()
    body = []
    if _landing(b, page_no):
        for line in _landing_lines(b):
            tag = "strong" if line.endswith(":") else None
            body.append(
                f"<p><{tag}>{html.escape(line)}</{tag}></p>"
                if tag
                else f"<p>{html.escape(line)}</p>"
            )
    body += _html_paragraphs(b, paras, "strong" if b.index % 3 else "b")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{html.escape(b.title)} | english.scio.gov.cn</title>",
            '<link rel="stylesheet" href="/css/main.css">',
            '<script>var _hmt = _hmt || []; window.pageType = "article";</script>',
            "</head>",
            "<body>",
            '<div id="header">',
            '  <div class="logo"><a href="/"><img src="/images/logo.png" alt="The State Council Information Office"></a></div>',
            '  <ul class="nav"><li><a href="/">Home</a></li>&nbsp;|&nbsp;<li><a href="/pressroom/">Press Room</a></li>&nbsp;|&nbsp;<li><a href="/whitepapers/">White Papers</a></li></ul>',
            '  <form class="search" action="/search/"><input type="text" name="q" value="Search"><input type="submit" value="Go"></form>',
            "</div>",
            '<div class="crumb"><a href="/">Home</a> &gt; <a href="/pressroom/">Press Room</a></div>',
            '<div class="main">',
            f"<h1>{html.escape(b.title)}</h1>",
            f'<div class="info">Updated: {published} 10:{b.index % 60:02d}:43 | Source: SCIO</div>',
            f'<div class="summary">{html.escape(_summary(b))}</div>',
            '<div class="content" id="content">',
            *body,
            "</div>",
            f'<div class="page">{_pager(briefing, page_no)}</div>',
            "</div>",
            '<div id="footer">',
            '<p><a href="/about/">About Us</a> | <a href="/contact/">Contact Us</a> | <a href="/sitemap/">Site Map</a></p>',
            "<p>Copyright &copy; The State Council Information Office of the People's Republic of China. All Rights Reserved.</p>",
            "<p>Registration Number: 130349</p>",
            "</div>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _render_china_org(
    b: _Briefing, briefing: CorpusBriefing, page_no: int, paras: list[_Para]
) -> str:
    published = f"{_MONTHS[b.published_on.month - 1]} {b.published_on.day}, {b.published_on.year}"
    summary = [f"<p>{html.escape(_summary(b))}</p>"] if page_no == 1 else []
    return "\n".join(
        [
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
            "<html>",
            "<head>",
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
            f"<title>{html.escape(b.title)} - China.org.cn</title>",
            '<link href="/css/article.css" rel="stylesheet" type="text/css">',
            "</head>",
            "<body>",
            '<table width="100%" border="0" cellpadding="0" cellspacing="0" class="topnav"><tr>',
            '<td width="200"><a href="http://www.china.org.cn/"><img src="/img/logo.gif" alt="China.org.cn" border="0"></a></td>',
            '<td><a href="/china/">China</a> | <a href="/world/">World</a> | <a href="/business/">Business</a> | <a href="/opinion/">Opinion</a></td>',
            "</tr></table>",
            '<table width="950" border="0" align="center" cellpadding="0" cellspacing="0"><tr>',
            '<td width="660" valign="top">',
            '<div class="crumb"><a href="/china/">Around China</a></div>',
            f'<h1 id="title">{html.escape(b.title)}</h1>',
            f'<div id="info">China.org.cn | Updated: {published}</div>',
            '<div id="articleBody">',
            *summary,
            *_html_paragraphs(b, paras, "b"),
            "</div>",
            f'<div id="pager" align="center">{_pager(briefing, page_no, "&nbsp;&nbsp;")}</div>',
            "</td>",
            '<td width="290" valign="top" class="side">',
            '<div class="sidebox"><h3>Most Viewed</h3><ul><li><a href="/a.htm">Spring farming begins in the north</a></li></ul></div>',
            "</td>",
            "</tr></table>",
            '<table width="950" border="0" align="center" class="footer"><tr><td>',
            "Copyright &copy; China.org.cn. All Rights Reserved. E-mail: webmaster@china.org.cn Tel: 86-10-88820000",
            "</td></tr></table>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _render_mobile(b: _Briefing, briefing: CorpusBriefing, page_no: int, paras: list[_Para]) -> str:
    pager = _pager(briefing, page_no)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html>",
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">',
            f"<title>{html.escape(b.title)}</title>",
            '<link rel="stylesheet" href="/m/css/m.css">',
            "</head>",
            "<body>",
            '<div class="m-top"><a href="/m/" class="m-logo">SCIO</a><a href="/m/menu.htm" class="m-menu">Menu</a></div>',
            '<div class="m-bread"><a href="/m/">Home</a> &gt; <a href="/m/pressroom/">Press Room</a> &gt; <a href="/m/pressroom/conferences/">Press Conferences</a></div>',
            f'<h2 class="m-title">{html.escape(b.title)}</h2>',
            f'<div class="m-time">english.scio.gov.cn | {b.published_on.isoformat()}</div>',
            '<div class="m-con">',
            *_html_paragraphs(b, paras, "b"),
            "</div>",
            f'<div class="m-page">{pager}</div>' if pager else "",
            '<div class="m-related"><h3>Related</h3><a href="/m/a1.htm">Copyright registrations hit new high</a></div>',
            '<div class="m-foot">&copy; english.scio.gov.cn | <a href="/">Desktop version</a></div>',
            "</body>",
            "</html>",
            "",
        ]
    )


_RENDERERS = {
    "text": _render_text,
    "scio": _render_scio,
    "china_org": _render_china_org,
    "mobile": _render_mobile,
}


# -- the corpus -------------------------------------------------------------------------------


def generate_briefings(
    n_pages: int, seed: int = 0
) -> Iterator[tuple[CorpusBriefing, list[CorpusPage]]]:
    """Briefings until exactly `n_pages` pages are written, one at a time (memory stays flat)."""
    world = World(seed)
    left, index = n_pages, 0
    while left > 0:
        briefing, pages = _Briefing(world, seed, index, left).render()
        left -= len(pages)
        index += 1
        yield briefing, pages


def generate_corpus(n_pages: int, seed: int = 0) -> Corpus:
    corpus = Corpus(seed, [], [])
    for briefing, pages in generate_briefings(n_pages, seed):
        corpus.briefings.append(briefing)
        corpus.pages.extend(pages)
    return corpus


@dataclass
class Site:
    """A corpus written to disk: what the server and the registry need, and the gold file."""

    root: Path
    briefings: list[CorpusBriefing] = field(default_factory=list)
    pages: int = 0
    bytes: int = 0
    characters: int = 0  # of normalized page text
    gold_path: Path | None = None


def write_site(
    briefings: Iterable[tuple[CorpusBriefing, list[CorpusPage]]],
    root: Path,
    *,
    gold_path: Path | None = None,
) -> Site:
    """Every page under `root` at its site path, an `index.htm` linking every briefing, and
    (if asked) the gold as JSON lines, one page per line."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    site = Site(root=root, gold_path=gold_path)
    gold = gold_path.open("w", encoding="utf-8") if gold_path else None
    try:
        for briefing, pages in briefings:
            site.briefings.append(briefing)
            for page in pages:
                path = root / page.path
                path.parent.mkdir(parents=True, exist_ok=True)
                data = page.content.encode("utf-8")
                path.write_bytes(data)
                site.pages += 1
                site.bytes += len(data)
                site.characters += len(page.text)
                if gold:
                    gold.write(json.dumps(page.gold(), ensure_ascii=False) + "\n")
    finally:
        if gold:
            gold.close()
    links = "\n".join(
        f'<li><a href="/{b.first_page}">{html.escape(b.title)}</a> <span>{b.published_on.isoformat()}</span></li>'
        for b in site.briefings
    )
    (root / "index.htm").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Press Room</title></head>\n'
        f'<body><h1>Press Room</h1><ul class="list">\n{links}\n</ul></body></html>\n',
        encoding="utf-8",
    )
    return site


def registry_dict(briefings: Iterable[CorpusBriefing], port: int, host: str = "127.0.0.1") -> dict:
    """A registry (sources.parse_registry) for the corpus served at http://host:port/."""
    base = f"http://{host}:{port}"
    return {
        "allowed_hosts": [f"{host}:{port}"],
        "index_pages": [{"url": f"{base}/index.htm", "profile": "scio"}],
        "briefings": [
            {
                "id": b.id,
                "title": b.title,
                "held_on": b.held_on,
                "published_on": b.published_on,
                "report_year": b.report_year,
                "copies": [
                    {"profile": b.profile, "first_page": f"{base}/{b.first_page}", "pages": b.pages}
                ],
            }
            for b in briefings
        ],
    }


def corpus_digest(corpus: Corpus) -> str:
    """One hash of every page's content and gold: equal digests, equal corpora."""
    digest = hashlib.sha256()
    for page in corpus.pages:
        digest.update(page.path.encode())
        digest.update(page.content.encode())
        digest.update(json.dumps(page.gold(), sort_keys=True).encode())
    return digest.hexdigest()
