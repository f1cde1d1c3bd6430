"""What a place is, in words a watch officer reads ("village", "municipality", "bridge"), never a GeoNames
code: a gazetteer place's feature code (and, for populated places, its size), an admin area's level, a named
place's kind."""

from django.utils.translation import gettext_lazy as _

from .models import NamedPlaceKind

#: GeoNames feature codes (download.geonames.org/export/dump/featureCodes_en.txt) in words.
_CODES = {
    "PPLC": _("capital"), "PPLX": _("neighbourhood"), "PPLL": _("locality"), "PPLQ": _("abandoned settlement"),
    "PPLH": _("former settlement"), "PPLF": _("farm village"), "PPLR": _("religious settlement"),
    "PPLS": _("settlement"), "PPLW": _("destroyed settlement"), "STLMT": _("settlement"),
    "ADM1": _("administrative area"), "ADM2": _("administrative area"), "ADM3": _("administrative area"),
    "ADMD": _("administrative area"), "PCLI": _("country"), "PCLD": _("territory"),
    "MT": _("mountain"), "MTS": _("mountains"), "PK": _("peak"), "HLL": _("hill"), "HLLS": _("hills"),
    "RDGE": _("ridge"), "SPUR": _("spur"), "SLP": _("slope"), "CLF": _("cliff"), "PASS": _("pass"),
    "VAL": _("valley"), "PLN": _("plain"), "GRGE": _("gorge"), "RK": _("rock"), "CAVE": _("cave"),
    "STM": _("stream"), "STMI": _("intermittent stream"), "SPNG": _("spring"), "LK": _("lake"),
    "RSV": _("reservoir"), "RVN": _("ravine"), "MRSH": _("marsh"),
    "LCTY": _("locality"), "AREA": _("area"), "FLD": _("field"), "RGN": _("region"), "PRK": _("park"),
    "RSTN": _("railway station"), "PSTP": _("patrol post"), "BDG": _("bridge"), "CH": _("church"),
    "MSQE": _("mosque"), "MSTY": _("monastery"), "SCH": _("school"), "HSP": _("hospital"), "AIRP": _("airport"),
    "AIRF": _("airfield"), "CMTY": _("cemetery"), "MNMT": _("monument"), "RUIN": _("ruin"), "HTL": _("hotel"),
    "PS": _("power station"), "MLWTR": _("water mill"), "FRM": _("farm"), "HUT": _("hut"), "HUTS": _("huts"),
    "TOWR": _("tower"), "SHPF": _("sheepfold"), "PSH": _("hydroelectric power station"), "MDW": _("meadow"),
    "FRST": _("forest"), "TNLRR": _("railway tunnel"), "RD": _("road"), "RDJCT": _("road junction"),
    "BLDG": _("building"), "MKT": _("market"), "SQR": _("square"), "CSTM": _("customs post"),
}
#: When the code is not known: the feature class in words.
_CLASSES = {"A": _("administrative area"), "P": _("village"), "H": _("water"), "L": _("area"),
            "R": _("road or railway"), "S": _("site or building"), "T": _("hill or mountain"),
            "U": _("undersea feature"), "V": _("forest or heath")}
#: Admin areas by level.
_LEVELS = {0: _("country"), 1: _("region"), 2: _("municipality")}


def gazetteer_kind(feature_class: str, feature_code: str, population: int = 0) -> str:
    """A gazetteer place's kind in words: a populated place by its size (city, town, village), others by code."""
    if feature_code in ("PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLG") or (feature_class == "P" and
                                                                              feature_code not in _CODES):
        if population >= 100_000:
            return str(_("city"))
        if population >= 10_000:
            return str(_("town"))
        return str(_("village"))
    return str(_CODES.get(feature_code) or _CLASSES.get(feature_class) or _("place"))


def area_kind(level: int) -> str:
    """An admin area's kind in words by its level (country, region, municipality; below: local area)."""
    return str(_LEVELS.get(level, _("local area")))


def named_kind(kind: str) -> str:
    """A named place's kind in words."""
    try:
        return str(NamedPlaceKind(kind).label)
    except ValueError:
        return str(NamedPlaceKind.OTHER.label)
