#!/usr/bin/env python3
"""Write data/seed/person.csv: a FICTIONAL registry for the demo.

The names are combinations of common Ukrainian surnames, given names and
patronymics drawn at random; they describe no real person.  The figures
around them are the seed report's: 307 service members brought home on
24 May 2025 (Armed Forces, State Border Guard Service, National Guard),
27 of them defenders of Mariupol, the others from the Donetsk, Kherson,
Kharkiv, Zaporizhzhia and Luhansk sectors, the youngest 25 and the oldest
61.  A few more are still held, for the list the demo reconciles.

Deterministic: the same run always writes the same file.
"""
import csv
import datetime
import random

SURNAMES = ["Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Бойко", "Коваль", "Шевчук",
            "Поліщук", "Ткачук", "Мельник", "Лисенко", "Руденко", "Марченко", "Савченко",
            "Кузьменко", "Гончаренко", "Сидоренко", "Павленко", "Мороз", "Кравчук", "Клименко",
            "Левченко", "Гриценко", "Романенко", "Ковальчук", "Яковенко", "Білик", "Гнатюк",
            "Литвиненко", "Хоменко", "Захарченко", "Юрченко", "Зінченко", "Остапчук", "Собко"]
GIVEN = [("Олександр", "Олександрович"), ("Сергій", "Сергійович"), ("Андрій", "Андрійович"),
         ("Дмитро", "Дмитрович"), ("Юрій", "Юрійович"), ("Олексій", "Олексійович"),
         ("Микола", "Миколайович"), ("Володимир", "Володимирович"), ("Іван", "Іванович"),
         ("Петро", "Петрович"), ("Михайло", "Михайлович"), ("Віктор", "Вікторович"),
         ("Василь", "Васильович"), ("Богдан", "Богданович"), ("Тарас", "Тарасович"),
         ("Ігор", "Ігорович"), ("Олег", "Олегович"), ("Максим", "Максимович"),
         ("Роман", "Романович"), ("Павло", "Павлович"), ("Степан", "Степанович")]
SERVICES = ["Armed Forces"] * 7 + ["National Guard"] * 2 + ["State Border Guard Service"]
SECTORS = ["Donetsk", "Kherson", "Kharkiv", "Zaporizhzhia", "Luhansk"]
PHASE = datetime.date(2025, 5, 24)

def birth_date(rng, age):
    """A birth date at which the person is exactly `age` on 24 May 2025."""
    latest = PHASE.replace(year=PHASE.year - age)
    return latest - datetime.timedelta(days=rng.randrange(0, 365))

def main():
    rng = random.Random(20250524)
    rows, names = [], set()
    def name():
        while True:
            s, (g, _) , (_, p) = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(GIVEN)
            n = f"{s} {g} {p}"
            if n not in names:
                names.add(n)
                return n
    for i in range(307):
        age = 25 if i == 0 else 61 if i == 1 else rng.randint(26, 60)
        place = "Mariupol" if i < 27 else rng.choice(SECTORS)
        bd = birth_date(rng, age)
        rows.append([name(), bd.isoformat(), "", "military", rng.choice(SERVICES), "", place,
                     "returned", "Istanbul 1,000-for-1,000 (May 2025)", PHASE.isoformat()])
    # Still held: the people the demo's list is checked against.  Two share
    # a name and differ only in their year of birth.
    held = [("Гончаренко Андрій Миколайович", "", 1991, "Armed Forces", "Mariupol"),
            ("Гончаренко Андрій Миколайович", "", 1984, "National Guard", "Kherson"),
            ("Олійник Сергій Петрович", "1979-03-14", "", "Armed Forces", "Kharkiv"),
            ("Шевчук Юрій Васильович", "", 1988, "State Border Guard Service", "Luhansk"),
            ("Ковальчук Микола Іванович", "1995-11-02", "", "Armed Forces", "Zaporizhzhia"),
            ("Ткаченко Павло Олегович", "", 2001, "National Guard", "Donetsk")]
    for n, bd, by, service, place in held:
        rows.append([n, bd, by, "military", service, "", place, "held", "", ""])
    with open("data/seed/person.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["full_name", "birth_date", "birth_year", "category", "service", "unit", "place",
                    "status", "returned_by_agreement", "returned_on"])
        w.writerows(rows)

if __name__ == "__main__":
    main()
