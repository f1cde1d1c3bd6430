"""Names of the default taxonomy's categories in Albanian (sq) and Serbian Latin (sr-latn), by category path.

`install_default_taxonomy` writes them into `Category.names` (filling only languages a category lacks, so a
mission's own corrections are kept). English names are the categories' default `name`.
"""

CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "organised-violence": {"sq": "Dhunë e organizuar (UCDP)", "sr-latn": "Organizovano nasilje (UCDP)"},
    "organised-violence/state-based": {"sq": "Konflikt i armatosur me pjesëmarrje të shtetit",
                                       "sr-latn": "Oružani sukob sa učešćem države"},
    "organised-violence/non-state": {"sq": "Konflikt joshtetëror", "sr-latn": "Nedržavni sukob"},
    "organised-violence/one-sided": {"sq": "Dhunë e njëanshme kundër civilëve",
                                     "sr-latn": "Jednostrano nasilje nad civilima"},
    "acled": {"sq": "Llojet e ngjarjeve ACLED", "sr-latn": "Vrste događaja ACLED"},
    "acled/battles": {"sq": "Luftime", "sr-latn": "Borbe"},
    "acled/battles/armed-clash": {"sq": "Përleshje e armatosur", "sr-latn": "Oružani okršaj"},
    "acled/battles/government-regains-territory": {"sq": "Qeveria rimerr territorin",
                                                   "sr-latn": "Vlada ponovo preuzima teritoriju"},
    "acled/battles/non-state-actor-overtakes-territory": {"sq": "Aktori joshtetëror merr territorin",
                                                          "sr-latn": "Nedržavni akter preuzima teritoriju"},
    "acled/explosions": {"sq": "Shpërthime/dhunë në distancë", "sr-latn": "Eksplozije/nasilje na daljinu"},
    "acled/explosions/chemical-weapon": {"sq": "Armë kimike", "sr-latn": "Hemijsko oružje"},
    "acled/explosions/air-drone-strike": {"sq": "Sulm ajror/me dron", "sr-latn": "Vazdušni napad/napad dronom"},
    "acled/explosions/suicide-bomb": {"sq": "Sulm vetëvrasës me bombë", "sr-latn": "Samoubilački bombaški napad"},
    "acled/explosions/shelling-artillery-missile-attack": {
        "sq": "Granatim/sulm me artileri/raketa", "sr-latn": "Granatiranje/artiljerijski/raketni napad"},
    "acled/explosions/remote-explosive-landmine-ied": {
        "sq": "Eksploziv me telekomandë/minë tokësore/mjet shpërthyes i improvizuar",
        "sr-latn": "Daljinski eksploziv/nagazna mina/improvizovana eksplozivna naprava"},
    "acled/explosions/grenade": {"sq": "Granatë dore", "sr-latn": "Ručna bomba"},
    "acled/violence-against-civilians": {"sq": "Dhunë kundër civilëve", "sr-latn": "Nasilje nad civilima"},
    "acled/violence-against-civilians/sexual-violence": {"sq": "Dhunë seksuale", "sr-latn": "Seksualno nasilje"},
    "acled/violence-against-civilians/attack": {"sq": "Sulm", "sr-latn": "Napad"},
    "acled/violence-against-civilians/abduction-forced-disappearance": {
        "sq": "Rrëmbim/zhdukje me forcë", "sr-latn": "Otmica/prisilni nestanak"},
    "acled/protests": {"sq": "Protesta", "sr-latn": "Protesti"},
    "acled/protests/peaceful-protest": {"sq": "Protestë paqësore", "sr-latn": "Mirni protest"},
    "acled/protests/protest-with-intervention": {"sq": "Protestë me ndërhyrje", "sr-latn": "Protest sa intervencijom"},
    "acled/protests/excessive-force-against-protesters": {
        "sq": "Forcë e tepruar kundër protestuesve", "sr-latn": "Prekomerna sila protiv demonstranata"},
    "acled/riots": {"sq": "Trazira", "sr-latn": "Neredi"},
    "acled/riots/violent-demonstration": {"sq": "Demonstratë e dhunshme", "sr-latn": "Nasilne demonstracije"},
    "acled/riots/mob-violence": {"sq": "Dhunë e turmës", "sr-latn": "Nasilje rulje"},
    "acled/strategic-developments": {"sq": "Zhvillime strategjike", "sr-latn": "Strateški događaji"},
    "acled/strategic-developments/agreement": {"sq": "Marrëveshje", "sr-latn": "Sporazum"},
    "acled/strategic-developments/arrests": {"sq": "Arrestime", "sr-latn": "Hapšenja"},
    "acled/strategic-developments/change-to-group-activity": {"sq": "Ndryshim i grupit/aktivitetit",
                                                              "sr-latn": "Promena grupe/aktivnosti"},
    "acled/strategic-developments/disrupted-weapons-use": {"sq": "Përdorim i penguar i armëve",
                                                           "sr-latn": "Sprečena upotreba oružja"},
    "acled/strategic-developments/headquarters-or-base-established": {
        "sq": "Krijim i shtabit ose i bazës", "sr-latn": "Uspostavljen štab ili baza"},
    "acled/strategic-developments/looting-property-destruction": {
        "sq": "Plaçkitje/shkatërrim i pronës", "sr-latn": "Pljačka/uništavanje imovine"},
    "acled/strategic-developments/non-violent-transfer-of-territory": {
        "sq": "Transferim jo i dhunshëm i territorit", "sr-latn": "Nenasilni prenos teritorije"},
    "acled/strategic-developments/other": {"sq": "Tjetër", "sr-latn": "Ostalo"},
    "mission": {"sq": "Llojet e incidenteve të misionit", "sr-latn": "Vrste incidenata misije"},
    "mission/inter-ethnic": {"sq": "Incident ndëretnik", "sr-latn": "Međuetnički incident"},
    "mission/attack-on-un": {"sq": "Sulm ndaj personelit ose pronës së OKB-së",
                             "sr-latn": "Napad na osoblje ili imovinu UN-a"},
    "mission/freedom-of-movement": {"sq": "Kufizim i lirisë së lëvizjes", "sr-latn": "Ograničenje slobode kretanja"},
    "mission/demonstration": {"sq": "Demonstratë", "sr-latn": "Demonstracije"},
    "mission/crime": {"sq": "Krim", "sr-latn": "Kriminal"},
    "mission/arrest": {"sq": "Arrestim", "sr-latn": "Hapšenje"},
    "mission/explosive-hazard": {"sq": "Rrezik nga mjete shpërthyese",
                                 "sr-latn": "Opasnost od eksplozivnih sredstava"},
    "mission/humanitarian-access": {"sq": "Incident i qasjes humanitare",
                                    "sr-latn": "Incident u vezi sa humanitarnim pristupom"},
    "mission/ceasefire-violation": {"sq": "Shkelje e armëpushimit", "sr-latn": "Kršenje primirja"},
}


def missing_names(path: str, names: dict | None) -> dict | None:
    """`names` completed with the default translations it lacks, or None when nothing is missing."""
    known = CATEGORY_NAMES.get(path)
    names = dict(names or {})
    if not known or all(names.get(lang) for lang in known):
        return None
    for language, name in known.items():
        if not names.get(language):
            names[language] = name
    return names


def fill_category_names(missions=None) -> int:
    """Give existing categories of the default taxonomy the translations they lack (all missions unless
    told). Categories a mission added or renamed in a language keep their names. Returns categories changed."""
    from .models import Category

    categories = Category.objects.filter(path__in=list(CATEGORY_NAMES))
    if missions is not None:
        categories = categories.filter(mission__in=missions)
    changed = []
    for category in categories.only("id", "path", "names"):
        names = missing_names(category.path, category.names)
        if names is not None:
            category.names = names
            changed.append(category)
    Category.objects.bulk_update(changed, ["names"], batch_size=500)
    return len(changed)
