"""The words figures are read by, in English, Russian and Ukrainian: number words, qualifiers,
units and what a figure counts. Lower case throughout; the reader lowers what it matches.

Russian and Ukrainian inflect their numbers, units and nouns, so each lists the forms a
quote uses rather than a stem that would also match other words ("сто" in "сторона").
"""

# Cardinal number words and their values. Ordinals ("third", "второй") are not here: a
# quote's "the third day" is not a figure.
UNITS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip


def _forms(table: dict[str, int]) -> dict[str, int]:
    """Expand "семь семи семью" style keys: each space-separated form has the value."""
    return {form: value for forms, value in table.items() for form in forms.split()}


UNITS_RU = _forms({
    "один одна одно одного одной одному одним": 1, "два две двух двум двумя": 2,
    "три трёх трех трём трем тремя": 3, "четыре четырёх четырех четырем четырьмя": 4,
    "пять пяти пятью": 5, "шесть шести шестью": 6, "семь семи семью": 7,
    "восемь восьми восемью": 8, "девять девяти девятью": 9, "десять десяти десятью": 10,
    "одиннадцать одиннадцати": 11, "двенадцать двенадцати": 12, "тринадцать тринадцати": 13,
    "четырнадцать четырнадцати": 14, "пятнадцать пятнадцати": 15,
    "шестнадцать шестнадцати": 16, "семнадцать семнадцати": 17,
    "восемнадцать восемнадцати": 18, "девятнадцать девятнадцати": 19,
    "двадцать двадцати": 20, "тридцать тридцати": 30, "сорок сорока": 40,
    "пятьдесят пятидесяти": 50, "шестьдесят шестидесяти": 60, "семьдесят семидесяти": 70,
    "восемьдесят восьмидесяти": 80, "девяносто девяноста": 90, "сто ста": 100,
    "двести двухсот": 200, "триста трехсот трёхсот": 300, "четыреста четырехсот": 400,
    "пятьсот пятисот": 500, "шестьсот шестисот": 600, "семьсот семисот": 700,
    "восемьсот восьмисот": 800, "девятьсот девятисот": 900,
    # Collective numerals, as Russian counts people: "погибли трое".
    "двое двоих": 2, "трое троих": 3, "четверо четверых": 4, "пятеро пятерых": 5,
    "шестеро шестерых": 6, "семеро семерых": 7, "десятеро десятерых": 10,
})  # fmt: skip

UNITS_UK = _forms({
    "один одна одне одного одної одному": 1, "два дві двох двом": 2, "три трьох трьом": 3,
    "чотири чотирьох": 4, "п'ять п'яти п’ять п’яти": 5, "шість шести": 6, "сім семи": 7,
    "вісім восьми": 8, "дев'ять дев'яти дев’ять дев’яти": 9, "десять десяти": 10,
    "одинадцять одинадцяти": 11, "дванадцять дванадцяти": 12, "тринадцять тринадцяти": 13,
    "чотирнадцять чотирнадцяти": 14, "п'ятнадцять п’ятнадцять п'ятнадцяти": 15,
    "шістнадцять шістнадцяти": 16, "сімнадцять сімнадцяти": 17,
    "вісімнадцять вісімнадцяти": 18, "дев'ятнадцять дев’ятнадцять": 19,
    "двадцять двадцяти": 20, "тридцять тридцяти": 30, "сорок сорока": 40,
    "п'ятдесят п’ятдесят п'ятдесяти": 50, "шістдесят шістдесяти": 60,
    "сімдесят сімдесяти": 70, "вісімдесят вісімдесяти": 80, "дев'яносто дев’яносто": 90,
    "сто ста": 100, "двісті двохсот": 200, "триста трьохсот": 300,
    "чотириста чотирьохсот": 400, "п'ятсот п’ятсот п'ятисот": 500,
    "двоє": 2, "троє": 3, "четверо четверых": 4, "п'ятеро п’ятеро": 5, "шестеро": 6,
    "семеро": 7, "десятеро десятьох": 10,
})  # fmt: skip

NUMBER_WORDS = UNITS_EN | UNITS_RU | UNITS_UK

# Words that multiply what comes before them ("1.5 million", "344 тысячи").
SCALES_EN = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALES = SCALES_EN | _forms({
    "dozen": 12,
    "тысяча тысячи тысяч тысячу тыс": 1_000, "тисяча тисячі тисяч тисячу тис": 1_000,
    "миллион миллиона миллионов млн": 1_000_000, "мільйон мільйона мільйонів млн": 1_000_000,
    "миллиард миллиарда миллиардов млрд": 1_000_000_000,
    "мільярд мільярда мільярдів млрд": 1_000_000_000,
})  # fmt: skip
# These stand for one of themselves with no number before them ("тысячу беженцев", "почти
# миллион"); "hundreds", "тысячи" with none are a vague amount, not a figure.
LONE_SCALES = set("тысяча тысячу тисяча тисячу миллион мільйон миллиард мільярд".split())


FRACTIONS = {
    "half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "половина": 0.5, "половину": 0.5, "половины": 0.5, "половини": 0.5, "третина": 1 / 3,
    "третину": 1 / 3, "треть": 1 / 3, "трети": 1 / 3, "третини": 1 / 3, "четверть": 0.25,
    "четверти": 0.25, "чверть": 0.25, "чверті": 0.25,
}  # fmt: skip
# A share by itself in Russian and Ukrainian ("треть больниц"), which have no article; in
# English only "a third of", "half the".
FRACTIONS_ALONE = {word for word in FRACTIONS if not word.isascii()} - {"трети", "третини"}
# What follows an English share: "half of them", "half the city", "half its population".
SHARE_OF = {"of", "the", "its", "their", "his", "her", "our", "them"}
# After a number: "two-thirds", "три четверти", "дві третини".
FRACTIONS_PLURAL = {"thirds", "quarters", "трети", "третини", "четверти", "чверті"}

# Qualifiers, longest first within each, as word sequences that end before the number.
QUALIFIERS = {
    "at_least": [
        "at least", "no fewer than", "no less than", "не менее", "не меньше", "щонайменше",
        "не менше", "принаймні", "как минимум", "минимум",
    ],
    "more_than": [
        "more than", "upwards of", "over", "in excess of", "свыше", "более", "больше",
        "понад", "більше", "більш як", "більш ніж", "больше чем", "более чем",
    ],
    "nearly": ["nearly", "almost", "close to", "почти", "майже", "чи не", "без малого"],
    "about": [
        "about", "around", "roughly", "some", "approximately", "an estimated", "estimated",
        "около", "примерно", "порядка", "приблизно", "близько", "орієнтовно",
    ],
    "up_to": ["up to", "as many as", "до"],
    "fewer_than": [
        "fewer than", "less than", "under", "менее", "меньше", "менше", "менш ніж", "менш як",
        "менее чем", "меньше чем", "менше ніж",
    ],
}  # fmt: skip

# Surface forms of units, to the unit name figures keep. Currencies are not pint's: they
# stay as they are, compared only with the same currency.
UNIT_FORMS = _forms({
    "mile miles mi миля мили миль милях миля милі": "mile",
    "kilometre kilometres kilometer kilometers km км километр километра километров "
    "километрах кілометр кілометра кілометрів кілометрах": "kilometre",
    "metre metres meter meters м метр метра метров метрів": "metre",
    "day days день дня дней дні днів діб доби сутки суток": "day",
    "hour hours hr hrs час часа часов годин години годину": "hour",
    "minute minutes min минута минуты минут хвилин хвилини": "minute",
    "week weeks неделя недели недель неделю тиждень тижні тижнів": "week",
    "month months месяц месяца месяцев місяць місяці місяців": "month",
    "year years год года лет рік роки років": "year",
    "percent per-cent % процент процента процентов процентів відсоток відсотки відсотків": (
        "percent"
    ),
    "tonne tonnes ton tons тонна тонны тонн тонни": "tonne",
    "kilogram kilograms kg кг килограмм килограммов кілограм кілограмів": "kilogram",
    "dollar dollars usd $ долларов доллара доларів долара": "USD",
    "euro euros eur € евро євро": "EUR",
    "rouble roubles ruble rubles rub ₽ рубль рубля рублей руб рублів": "RUB",
    "hryvnia hryvnias hryvnas uah ₴ гривна гривны гривен гривня гривні гривень грн": "UAH",
})  # fmt: skip
CURRENCIES = {"USD", "EUR", "RUB", "UAH"}
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "₽": "RUB", "₴": "UAH"}

# What a figure counts, by words near it (a prefix of a word matches: "kill" in "killed").
# Units say it for distances, durations, shares and money.
KIND_WORDS = {
    "killed": [
        "killed", "dead", "death", "died", "lives", "fatalit", "погиб", "убит", "жертв",
        "загину", "загибл", "вбит", "смерт",
    ],
    "wounded": ["wounded", "injur", "ранен", "ранены", "поранен"],
    "casualties": ["casualt", "victim", "потерь", "втрат"],
    "fled": [
        "fled", "flee", "refugee", "displaced", "evacuat", "homeless", "беженц", "бежал",
        "переселенц", "покинул", "біженц", "втекл", "переселенц", "евакуйов", "эвакуир",
    ],
    "bodies": ["bodies", "body", "corpse", "тел", "трупов", "тіл"],
    "shells": [
        "shell", "rocket", "missile", "round", "mortar", "bomb", "grenade", "снаряд", "ракет",
        "мин", "бомб", "мін",
    ],
    "population": [
        "population", "resident", "inhabitant", "населени", "жител", "населенн", "мешканц",
    ],
    "soldiers": [
        "soldier", "troop", "paratrooper", "servicem", "fighter", "rebel", "militant",
        "separatist", "военн", "солдат", "десантник", "боец", "бойц", "ополченц", "військов",
        "солдатів", "бійц", "бойовик",
    ],
    "detained": [
        "captured", "detained", "prisoner", "hostage", "captive", "задержан", "пленн",
        "полонен", "затриман",
    ],
    "vehicles": [
        "tank", "vehicle", "truck", "lorr", "apc", "convoy", "танк", "машин", "грузовик",
        "бронетехник", "вантажівк", "бтр",
    ],
}  # fmt: skip
UNIT_KINDS = {
    "mile": "distance", "kilometre": "distance", "metre": "distance", "day": "duration",
    "hour": "duration", "minute": "duration", "week": "duration", "month": "duration",
    "year": "duration", "percent": "share", "fraction": "share", "tonne": "weight",
    "kilogram": "weight", "USD": "money", "EUR": "money", "RUB": "money", "UAH": "money",
}  # fmt: skip

MONTHS = set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада "
    "грудня січень лютий березень квітень травень червень липень серпень вересень жовтень "
    "листопад грудень".split()
)
# Words before a number that make it a name, not a figure: "Article 5", "Flight 17".
NAMING_WORDS = {
    "article", "flight", "no", "number", "resolution", "route", "page", "pages", "p", "pp",
    "chapter", "section", "paragraph", "point", "статья", "стаття", "пункт", "страница",
    "сторінка", "рейс", "№",
}  # fmt: skip
# Words a telephone number follows.
TELEPHONE = {"call", "hotline", "phone", "telephone", "tel", "телефон", "телефону", "тел"}
# "one" is often no figure: "one of them", "one day", "один из задержанных".
ONE = {"one", "один", "одна", "одно", "одного", "одне"}
NOT_ONE = {"of", "another", "day", "by", "из", "із", "з", "с"}
# "over" after these is the verb's, not "more than": "handed over 10 paratroopers".
PHRASAL_OVER = {
    "hand", "hands", "handed", "handing", "turn", "turned", "turning", "take", "took",
    "taken", "taking", "pass", "passed", "passing", "give", "gave", "given",
}  # fmt: skip
# Prepositions that may stand between a qualifier and its number: "почти на 40%".
PREPOSITIONS = {"в", "во", "на", "за", "у", "по", "із", "з", "с", "до"}
# A number written into one word with its unit: "трёхдневный", "девятнадцатилетний",
# "20-летний", "19-річний", "триденний".
COMPOUND_UNITS = {
    "летн": ("year", "age"), "річн": ("year", "age"), "дневн": ("day", "duration"),
    "денн": ("day", "duration"), "месячн": ("month", "duration"),
    "місячн": ("month", "duration"), "недельн": ("week", "duration"),
    "тижнев": ("week", "duration"), "часов": ("hour", "duration"),
    "годинн": ("hour", "duration"), "километров": ("kilometre", "distance"),
    "кілометров": ("kilometre", "distance"),
}  # fmt: skip
# After a number: a time of day, not a figure.
TIME_WORDS = {"a.m", "p.m", "am", "pm", "o'clock", "gmt", "utc", "годині"}
YEAR_WORDS = {"года", "году", "год", "г", "року", "рік", "рр", "гг"}
