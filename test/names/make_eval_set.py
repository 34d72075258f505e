#!/usr/bin/env python3
"""Build the name-matching evaluation set: test/names/eval_pairs.csv.

Every pair is a registry name (Ukrainian, Cyrillic, "Surname Given
Patronymic") and a name as another list might write it, labelled 1 (the
same person) or 0 (another person).  The list side is produced from real
Ukrainian names and their real Russian forms through the transliteration
systems in use: Ukraine's national system of 2010 (KMU), BGN/PCGN for
Russian, ICAO 9303 (Russian passports), and German, French and Polish
spellings, plus common English forms; then written as lists write: surname
in capitals, given name first, patronymic left out, initials, one typo,
Latin look-alike letters inside Cyrillic words.

Negatives are hard on purpose: brothers (same surname and patronymic,
another given name), the same given name and patronymic with a near
surname (Коваленко / Коваль, Шевченко / Шевчук), the same surname and
given name with another patronymic.  A pair of two persons whose names are
identical is not included: no name can tell them apart (that is the birth
year's job in reconcile()).

Deterministic: the same run always writes the same file.
"""
import csv
import random
import sys

# (Ukrainian given name, Russian form, Ukrainian patronymic stem m/f, Russian patronymic m/f)
MALE = [
    ("Олександр", "Александр", "Олександрович", "Олександрівна", "Александрович", "Александровна"),
    ("Сергій", "Сергей", "Сергійович", "Сергіївна", "Сергеевич", "Сергеевна"),
    ("Андрій", "Андрей", "Андрійович", "Андріївна", "Андреевич", "Андреевна"),
    ("Дмитро", "Дмитрий", "Дмитрович", "Дмитрівна", "Дмитриевич", "Дмитриевна"),
    ("Юрій", "Юрий", "Юрійович", "Юріївна", "Юрьевич", "Юрьевна"),
    ("Олексій", "Алексей", "Олексійович", "Олексіївна", "Алексеевич", "Алексеевна"),
    ("Микола", "Николай", "Миколайович", "Миколаївна", "Николаевич", "Николаевна"),
    ("Володимир", "Владимир", "Володимирович", "Володимирівна", "Владимирович", "Владимировна"),
    ("Іван", "Иван", "Іванович", "Іванівна", "Иванович", "Ивановна"),
    ("Петро", "Пётр", "Петрович", "Петрівна", "Петрович", "Петровна"),
    ("Михайло", "Михаил", "Михайлович", "Михайлівна", "Михайлович", "Михайловна"),
    ("Віктор", "Виктор", "Вікторович", "Вікторівна", "Викторович", "Викторовна"),
    ("Василь", "Василий", "Васильович", "Василівна", "Васильевич", "Васильевна"),
    ("Богдан", "Богдан", "Богданович", "Богданівна", "Богданович", "Богдановна"),
    ("Тарас", "Тарас", "Тарасович", "Тарасівна", "Тарасович", "Тарасовна"),
    ("Євген", "Евгений", "Євгенович", "Євгенівна", "Евгеньевич", "Евгеньевна"),
    ("Ігор", "Игорь", "Ігорович", "Ігорівна", "Игоревич", "Игоревна"),
    ("Олег", "Олег", "Олегович", "Олегівна", "Олегович", "Олеговна"),
    ("Максим", "Максим", "Максимович", "Максимівна", "Максимович", "Максимовна"),
    ("Артем", "Артём", "Артемович", "Артемівна", "Артёмович", "Артёмовна"),
    ("Денис", "Денис", "Денисович", "Денисівна", "Денисович", "Денисовна"),
    ("Роман", "Роман", "Романович", "Романівна", "Романович", "Романовна"),
    ("Віталій", "Виталий", "Віталійович", "Віталіївна", "Витальевич", "Витальевна"),
    ("Анатолій", "Анатолий", "Анатолійович", "Анатоліївна", "Анатольевич", "Анатольевна"),
    ("Валерій", "Валерий", "Валерійович", "Валеріївна", "Валерьевич", "Валерьевна"),
    ("Григорій", "Григорий", "Григорович", "Григорівна", "Григорьевич", "Григорьевна"),
    ("Павло", "Павел", "Павлович", "Павлівна", "Павлович", "Павловна"),
    ("Степан", "Степан", "Степанович", "Степанівна", "Степанович", "Степановна"),
    ("Ярослав", "Ярослав", "Ярославович", "Ярославівна", "Ярославович", "Ярославовна"),
    ("Назар", "Назар", "Назарович", "Назарівна", "Назарович", "Назаровна"),
]
FEMALE = [
    ("Олена", "Елена"), ("Наталія", "Наталья"), ("Ірина", "Ирина"), ("Тетяна", "Татьяна"),
    ("Оксана", "Оксана"), ("Марія", "Мария"), ("Юлія", "Юлия"), ("Світлана", "Светлана"),
    ("Людмила", "Людмила"), ("Ганна", "Анна"), ("Катерина", "Екатерина"), ("Валентина", "Валентина"),
    ("Галина", "Галина"), ("Надія", "Надежда"), ("Любов", "Любовь"), ("Вікторія", "Виктория"),
]
# (Ukrainian surname, Russian spelling)
SURNAMES = [
    ("Шевченко", "Шевченко"), ("Олійник", "Олейник"), ("Коваленко", "Коваленко"),
    ("Бондаренко", "Бондаренко"), ("Ткаченко", "Ткаченко"), ("Кравченко", "Кравченко"),
    ("Бойко", "Бойко"), ("Коваль", "Коваль"), ("Шевчук", "Шевчук"), ("Поліщук", "Полищук"),
    ("Ткачук", "Ткачук"), ("Мельник", "Мельник"), ("Лисенко", "Лысенко"), ("Руденко", "Руденко"),
    ("Марченко", "Марченко"), ("Савченко", "Савченко"), ("Петренко", "Петренко"),
    ("Кузьменко", "Кузьменко"), ("Гончаренко", "Гончаренко"), ("Сидоренко", "Сидоренко"),
    ("Павленко", "Павленко"), ("Мороз", "Мороз"), ("Кравчук", "Кравчук"), ("Клименко", "Клименко"),
    ("Левченко", "Левченко"), ("Гриценко", "Гриценко"), ("Романенко", "Романенко"),
    ("Ковальчук", "Ковальчук"), ("Яковенко", "Яковенко"), ("Білик", "Белик"), ("Гнатюк", "Гнатюк"),
    ("Дячук", "Дьячук"), ("Ярошенко", "Ярошенко"), ("Литвиненко", "Литвиненко"),
    ("Хоменко", "Хоменко"), ("Захарченко", "Захарченко"), ("Цибулько", "Цыбулько"),
    ("Юрченко", "Юрченко"), ("Григоренко", "Григоренко"), ("Зінченко", "Зинченко"),
    ("Щербак", "Щербак"), ("Жук", "Жук"), ("Остапчук", "Остапчук"), ("Вакуленко", "Вакуленко"),
    ("Чорновол", "Черновол"), ("Гаврилюк", "Гаврилюк"), ("Дмитренко", "Дмитренко"),
    ("Собко", "Собко"), ("Панченко", "Панченко"), ("Харченко", "Харченко"),
]
# Surnames near each other, for hard negatives.
NEAR_SURNAMES = [
    ("Коваленко", "Коваль"), ("Шевченко", "Шевчук"), ("Бойко", "Бойченко"), ("Петренко", "Петрук"),
    ("Ткаченко", "Ткачук"), ("Кравченко", "Кравчук"), ("Коваль", "Ковальчук"), ("Мельник", "Мельничук"),
    ("Савченко", "Савчук"), ("Марченко", "Марчук"), ("Панченко", "Панчук"), ("Левченко", "Левчук"),
    ("Гнатюк", "Гнатенко"), ("Остапчук", "Остапенко"), ("Харченко", "Харчук"), ("Юрченко", "Юрчук"),
]

def female_surname(s):
    """The feminine of surnames that have one (-ський is not in the list)."""
    return s

# ---------------------------------------------------------------------
# Transliteration systems.  Word-initial and after-vowel forms where the
# system distinguishes them.
UK_VOWELS = set("аеєиіїоуюяь'’")
class Letter:
    """One letter of a Cyrillic word, in lower case, with its neighbours
    ("" at the ends): what the systems below look at to spell it."""
    def __init__(self, word, i):
        self.low = word[i].lower()
        self.initial = i == 0
        self.prev = word[i - 1].lower() if i > 0 else ""
        self.next = word[i + 1].lower() if i + 1 < len(word) else ""

def letter_by_letter(word, spell_letter):
    """Spell a word with spell_letter(Letter) -> Latin in lower case,
    keeping each letter's capital."""
    out = []
    for i, ch in enumerate(word):
        t = spell_letter(Letter(word, i))
        out.append(t.capitalize() if ch.isupper() else t)
    return "".join(out)

VOWELS = set("аеєиіїоуюяыэё")
RU_VOWELS = set("аеёиоуыэюяъь")

def kmu2010(word):
    """Ukraine, Cabinet of Ministers resolution 55 of 2010 (also BGN/PCGN 2019)."""
    def one(c):
        if c.low == "г" and c.prev == "з":
            return "gh"
        return {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
                "є": "ye" if c.initial else "ie", "ж": "zh", "з": "z", "и": "y", "і": "i",
                "ї": "yi" if c.initial else "i", "й": "y" if c.initial else "i", "к": "k",
                "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
                "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
                "щ": "shch", "ь": "", "ю": "yu" if c.initial else "iu",
                "я": "ya" if c.initial else "ia", "'": "", "’": ""}.get(c.low, c.low)
    return letter_by_letter(word, one)

def bgn_russian(word):
    """BGN/PCGN 1947 for Russian, with its diacritics and apostrophes."""
    def one(c):
        after_vowel = c.initial or c.prev in RU_VOWELS
        return {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye" if after_vowel else "e",
                "ё": "yë" if after_vowel else "ë", "ж": "zh", "з": "z", "и": "i", "й": "y",
                "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
                "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
                "щ": "shch", "ъ": "”", "ы": "y", "ь": "’", "э": "e", "ю": "yu", "я": "ya"}.get(c.low, c.low)
    return letter_by_letter(word, one)

ICAO = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
        "ю": "iu", "я": "ia"}

def icao_russian(word):
    """ICAO Doc 9303 as used in Russian passports since 2013."""
    return letter_by_letter(word, lambda c: ICAO.get(c.low, c.low))

# ICU's 'Any-Latin; Latin-ASCII' (ISO 9, then its marks stripped), as a
# list may be typed from a Russian original: ш and щ become s, ж z, ч and
# ц c, х h, ю u, я a, й j, ь an apostrophe (Олейник Алексей Сергеевич:
# "Olejnik Aleksej Sergeevic"; Дарья: "Dar'a").  Checked against ICU
# itself: transliterate(x, 'Any-Latin; Latin-ASCII') gives the same.
ICU_ASCII = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "z",
             "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
             "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c",
             "ч": "c", "ш": "s", "щ": "s", "ъ": '"', "ы": "y", "ь": "'", "э": "e",
             "ю": "u", "я": "a"}

def icu_ascii(word):
    return letter_by_letter(word, lambda c: ICU_ASCII.get(c.low, c.low))

def german(word, ukrainian):
    """German (Duden) spelling of Ukrainian or Russian names."""
    def one(c):
        between_vowels = c.prev in VOWELS and c.next in VOWELS
        return {"а": "a", "б": "b", "в": "w", "г": "h" if ukrainian else "g", "ґ": "g", "д": "d",
                "е": "je" if c.initial else "e", "є": "je", "ё": "jo", "ж": "sch", "з": "s",
                "и": "y" if ukrainian else "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l",
                "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
                "с": "ss" if between_vowels else "s", "т": "t", "у": "u", "ф": "f",
                "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "", "ъ": "",
                "ы": "y", "э": "e", "ю": "ju", "я": "ja", "'": "", "’": ""}.get(c.low, c.low)
    return letter_by_letter(word, one)

def french(word, ukrainian):
    """French spelling of Ukrainian or Russian names."""
    def one(c):
        between_vowels = c.prev in VOWELS and c.next in VOWELS
        # Russian г before e or i is "gu" (Guennadi); at the end of a word, "g" (Oleg).
        hard_g = "gu" if c.next != "" and c.next in "еиіэ" else "g"
        return {"а": "a", "б": "b", "в": "v", "г": "h" if ukrainian else hard_g,
                "ґ": "g", "д": "d", "е": "ie" if c.initial else "e", "є": "ie", "ё": "io", "ж": "j",
                "з": "z", "и": "y" if ukrainian else "i", "і": "i", "ї": "ï",
                "й": "ï" if c.prev in VOWELS and not ukrainian else "i",
                "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
                "с": "ss" if between_vowels else "s", "т": "t", "у": "ou", "ф": "f",
                "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ь": "", "ъ": "",
                "ы": "y", "э": "e", "ю": "iou", "я": "ia", "'": "", "’": ""}.get(c.low, c.low)
    return letter_by_letter(word, one)

def polish(word, ukrainian):
    """Polish spelling of Ukrainian or Russian names."""
    def one(c):
        return {"а": "a", "б": "b", "в": "w", "г": "h" if ukrainian else "g", "ґ": "g", "д": "d",
                "е": "je" if c.initial else "e", "є": "je", "ё": "jo", "ж": "ż", "з": "z",
                "и": "y" if ukrainian else "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "ł",
                "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
                "ф": "f", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz", "ь": "", "ъ": "",
                "ы": "y", "э": "e", "ю": "ju", "я": "ja", "'": "", "’": ""}.get(c.low, c.low)
    return letter_by_letter(word, one)

ENGLISH_GIVEN = {"Александр": ["Alexander", "Alexandr"], "Алексей": ["Alexey", "Alexei"],
                 "Дмитрий": ["Dmitry", "Dmitri"], "Юрий": ["Yuri", "Yury"],
                 "Сергей": ["Sergey", "Sergei"], "Андрей": ["Andrey", "Andrei"],
                 "Николай": ["Nikolai", "Nikolay"], "Евгений": ["Evgeny", "Yevgeny"],
                 "Олександр": ["Olexandr", "Oleksander"], "Олексій": ["Olexiy", "Oleksiy"],
                 "Сергій": ["Serhiy", "Sergiy"], "Андрій": ["Andriy"], "Юрій": ["Yuriy", "Iurii"]}

def homoglyphs(name, rng):
    """Latin look-alike letters typed into Cyrillic words."""
    swap = {"а": "a", "о": "o", "е": "e", "і": "i", "с": "c", "р": "p", "х": "x", "у": "y",
            "А": "A", "О": "O", "Е": "E", "І": "I", "С": "C", "Р": "P", "Т": "T", "К": "K", "М": "M", "Н": "H"}
    chars = list(name)
    spots = [i for i, c in enumerate(chars) if c in swap]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        chars[i] = swap[chars[i]]
    return "".join(chars)

def typo(word, rng):
    """One slip: a letter dropped, doubled or swapped with its neighbour."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]

FORMS = ["full", "full", "upper", "given_first", "no_patronymic", "initials", "typo"]

def render(surname, given, patronymic, rng, forms=FORMS):
    """One way a list may write a (surname, given, patronymic) triple,
    each already in the target script; returns (text, description)."""
    form = rng.choice(forms)
    if form == "full":
        return f"{surname} {given} {patronymic}", form
    if form == "upper":
        return f"{surname.upper()} {given} {patronymic}", form
    if form == "given_first":
        return f"{given} {patronymic} {surname}", form
    if form == "no_patronymic":
        return f"{surname} {given}", form
    if form == "initials":
        return f"{surname} {given[0]}. {patronymic[0]}.", form
    return f"{typo(surname, rng)} {given} {patronymic}", form

SYSTEMS = ["cyrillic_uk", "cyrillic_ru", "kmu2010", "bgn_ru", "icao_ru", "german", "french",
           "polish", "english", "homoglyph", "icu_ascii_ru"]

def spell(system, uk, ru, rng):
    """uk/ru: (surname, given, patronymic) in Ukrainian and Russian Cyrillic."""
    if system == "cyrillic_uk":
        return uk
    if system == "cyrillic_ru":
        return ru
    if system == "homoglyph":
        return tuple(homoglyphs(w, rng) for w in uk)
    if system == "kmu2010":
        return tuple(kmu2010(w) for w in uk)
    if system == "bgn_ru":
        return tuple(bgn_russian(w) for w in ru)
    if system == "icao_ru":
        return tuple(icao_russian(w) for w in ru)
    if system == "icu_ascii_ru":
        return tuple(icu_ascii(w) for w in ru)
    if system == "english":
        s, g, p = ru if rng.random() < 0.5 else uk
        forms = ENGLISH_GIVEN.get(g)
        base = tuple(icao_russian(w) if ru[0] == s else kmu2010(w) for w in (s, g, p))
        return (base[0], rng.choice(forms) if forms else base[1], base[2])
    ukr = rng.random() < 0.5
    src = uk if ukr else ru
    fn = {"german": german, "french": french, "polish": polish}[system]
    return tuple(fn(w, ukr) for w in src)

def person(rng):
    s_uk, s_ru = rng.choice(SURNAMES)
    father = rng.choice(MALE)
    if rng.random() < 0.75:
        g = rng.choice(MALE)
        uk = (s_uk, g[0], father[2])
        ru = (s_ru, g[1], father[4])
    else:
        g = rng.choice(FEMALE)
        uk = (s_uk, g[0], father[3])
        ru = (s_ru, g[1], father[5])
    return uk, ru

def sibling(uk, ru, rng):
    """Another child of the same father: same surname and patronymic."""
    male = uk[2].endswith("ович")
    pool = MALE if male else FEMALE
    while True:
        g = rng.choice(pool)
        if g[0] != uk[1]:
            return (uk[0], g[0], uk[2]), (ru[0], g[1], ru[2])

def other_father(uk, ru, rng):
    male = uk[2].endswith("ович")
    while True:
        f = rng.choice(MALE)
        p_uk = f[2] if male else f[3]
        if p_uk != uk[2]:
            return (uk[0], uk[1], p_uk), (ru[0], ru[1], f[4] if male else f[5])

# Given names whose feminine form differs by an ending: a woman of that
# name is never the man (Олександра is not Олександр).
FEMININE = [("Олександр", "Олександра", "Александра"), ("Ярослав", "Ярослава", "Ярослава"),
            ("Богдан", "Богдана", "Богдана"), ("Валерій", "Валерія", "Валерия"),
            ("Віталій", "Віталія", "Виталия"), ("Євген", "Євгенія", "Евгения"),
            ("Станіслав", "Станіслава", "Станислава"), ("Василь", "Василина", "Василина")]

def other_sex(rng):
    """A man of the registry and a woman of the same surname whose given
    name is the feminine of his (the list leaves the patronymic out)."""
    s_uk, s_ru = rng.choice(SURNAMES)
    male, fem_uk, fem_ru = rng.choice(FEMININE)
    father = rng.choice(MALE)
    return (s_uk, male, father[2]), (s_uk, fem_uk, father[3]), (s_ru, fem_ru, father[5])

def near_surname(uk, ru, rng):
    a, b = rng.choice(NEAR_SURNAMES)
    return (a, uk[1], uk[2]), (a, ru[1], ru[2]), (b, uk[1], uk[2]), (b, ru[1], ru[2])

def main(path):
    rng = random.Random(20250523)
    rows = []
    seen = set()
    def add(registry_uk, list_uk, list_ru, same, kind, forms=FORMS):
        system = rng.choice(SYSTEMS)
        words = spell(system, list_uk, list_ru, rng)
        text, form = render(*words, rng, forms)
        registry = " ".join(registry_uk)
        if (registry, text) in seen or registry == text and same == 0:
            return
        seen.add((registry, text))
        rows.append((registry, text, same, kind, system, form))

    for _ in range(1200):
        uk, ru = person(rng)
        add(uk, uk, ru, 1, "same person")
    for _ in range(400):
        uk, ru = person(rng)
        s_uk, s_ru = sibling(uk, ru, rng)
        # Initials would hide the given name when both start alike.
        add(uk, s_uk, s_ru, 0, "sibling: same surname and patronymic",
            [f for f in FORMS if f != "initials"] if s_uk[1][0] == uk[1][0] else FORMS)
    for _ in range(400):
        uk, ru = person(rng)
        o_uk, o_ru = other_father(uk, ru, rng)
        # Without its patronymic, or with initials only, the list would
        # write the same name: no name-only method can tell them apart.
        add(uk, o_uk, o_ru, 0, "same surname and given name, other patronymic",
            [f for f in FORMS if f not in ("no_patronymic", "initials")])
    for _ in range(400):
        uk, ru = person(rng)
        a_uk, a_ru, b_uk, b_ru = near_surname(uk, ru, rng)
        add(a_uk, b_uk, b_ru, 0, "near surname, same given name and patronymic")
    for _ in range(200):
        man, w_uk, w_ru = other_sex(rng)
        add(man, w_uk, w_ru, 0, "other sex: the feminine of his given name", ["no_patronymic"])
    for _ in range(300):
        uk, ru = person(rng)
        o_uk, o_ru = person(rng)
        if o_uk != uk:
            add(uk, o_uk, o_ru, 0, "another person")

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["registry_name", "list_name", "same_person", "kind", "system", "form"])
        w.writerows(rows)
    print(f"{len(rows)} pairs: {sum(r[2] for r in rows)} same person, "
          f"{sum(1 - r[2] for r in rows)} different", file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/names/eval_pairs.csv")
