"""client_test.py: psycopg2 (Debian's python3-psycopg2) against the extension,
the way a Python service or a notebook uses it: phases and list entries
written with parameters, exchange_phase read as text and, with a typecaster
registered once, as a (side_a, side_b) tuple; the views read with Python
numbers, dates and booleans; errors with their SQLSTATE.

Connects through the libpq environment variables (PGDATABASE and the rest).
Prints "ok - ..." lines; exits 1 at the first wrong answer.
"""
import datetime
import decimal
import sys

import psycopg2
import psycopg2.errorcodes
import psycopg2.extensions

checks = 0


def ok(what):
    global checks
    print("ok - " + what)
    checks += 1


def sqlstate_of(cur, sql, params=None):
    try:
        cur.execute(sql, params)
    except psycopg2.Error as e:
        cur.connection.rollback()
        return e.pgcode
    return None


def parse_phase(value, cur):
    """exchange_phase's text form, 'a:b', as a tuple of two ints."""
    if value is None:
        return None
    side_a, side_b = value.split(":")
    return int(side_a), int(side_b)


def main():
    conn = psycopg2.connect("")
    cur = conn.cursor()
    cur.execute("SET search_path = prisoner_exchange, public")

    cur.execute(
        "INSERT INTO agreement (name, side_a, side_b, agreed_on, quota) VALUES (%s, %s, %s, %s, %s) RETURNING id",
        ("Python client", "Ukraine", "Russia", datetime.date(2025, 5, 16), "1,000-for-1,000"))
    agreement_id = cur.fetchone()[0]
    cur.executemany(
        "INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (%s, %s, %s)",
        [(agreement_id, datetime.date(2025, 5, 23), "390:390"),
         (agreement_id, datetime.date(2025, 5, 24), "307 for 307")])
    conn.commit()
    ok("agreement and phases written with parameters (executemany), exchange_phase in its text forms")

    cur.execute("SELECT counts FROM phase WHERE agreement_id = %s ORDER BY exchanged_on", (agreement_id,))
    assert [r[0] for r in cur.fetchall()] == ["390:390", "307:307"]
    # A typecaster for the type's OID, registered on this connection.
    cur.execute("SELECT 'prisoner_exchange.exchange_phase'::regtype::oid")
    phase_oid = cur.fetchone()[0]
    psycopg2.extensions.register_type(
        psycopg2.extensions.new_type((phase_oid,), "EXCHANGE_PHASE", parse_phase), conn)
    cur.execute("SELECT counts, sum(counts) OVER (), remaining(quota, sum(counts) OVER ()) "
                "FROM phase JOIN agreement ON agreement.id = phase.agreement_id "
                "WHERE agreement_id = %s ORDER BY exchanged_on", (agreement_id,))
    assert cur.fetchall() == [((390, 390), (697, 697), (303, 303)), ((307, 307), (697, 697), (303, 303))]
    ok("exchange_phase read as text ('390:390') and, with a typecaster, as tuples (390, 390)")

    cur.execute("SELECT returned_side_a, returned_total, remaining_side_b, percent_complete, status, "
                "balance_kept, first_exchanged_on FROM agreement_progress WHERE agreement_id = %s", (agreement_id,))
    row = cur.fetchone()
    assert row == (697, 1394, 303, decimal.Decimal("69.7"), "in progress", True, datetime.date(2025, 5, 23)), row
    assert type(row[0]) is int and type(row[1]) is int
    ok("agreement_progress: int 697, int 1394, Decimal 69.7, bool, date")

    cur.execute("INSERT INTO person (full_name, birth_year) VALUES (%s, %s), (%s, %s)",
                ("Шевченко Олександр Іванович", 1991, "Коваленко Петро Миколайович", 1985))
    cur.execute("INSERT INTO exchange_list (agreement_id, sent_by, title) VALUES (%s, %s, %s) RETURNING id",
                (agreement_id, "Russia", "Python client list"))
    list_id = cur.fetchone()[0]
    cur.executemany("INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES (%s, %s, %s, %s)",
                    [(list_id, 1, "Schewtschenko Oleksandr Iwanowytsch", 1991),
                     (list_id, 2, "KOVALENKO PETR NIKOLAEVICH", 1985),
                     (list_id, 3, "Melnyk Taras", 1979)])
    cur.execute("SELECT * FROM reconcile(%s)", (list_id,))
    cur.execute("SELECT line_number, best_name, verdict FROM list_reconciliation WHERE list_id = %s "
                "ORDER BY line_number", (list_id,))
    got = cur.fetchall()
    assert got == [(1, "Шевченко Олександр Іванович", "matched"), (2, "Коваленко Петро Миколайович", "matched"),
                   (3, None, "not in registry")], got
    conn.commit()
    ok("list entries written with executemany and reconciled: German and Russian spellings matched in Cyrillic")

    for view in ("agreement_progress", "phase_progress", "captive_ratios", "agreement_coverage",
                 "phase_composition", "list_reconciliation", "data_dictionary"):
        cur.execute("SELECT * FROM " + view)
        cur.fetchall()
        # The column type codes the driver reports: none is exchange_phase.
        assert all(d.type_code != phase_oid for d in cur.description), view
    ok("every view read; no column of type exchange_phase")

    state = sqlstate_of(cur, "INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES (%s, %s, %s)",
                        (agreement_id, datetime.date(2025, 5, 25), "304:304"))
    assert state == psycopg2.errorcodes.CHECK_VIOLATION, state
    state = sqlstate_of(cur, "SELECT %s::prisoner_exchange.exchange_phase", ("1e3:1",))
    assert state == psycopg2.errorcodes.INVALID_TEXT_REPRESENTATION, state
    ok("a phase over the quota is refused with 23514, a malformed value with 22P02")

    conn.close()
    print("psycopg2 client: %d checks passed" % checks)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # any failure, assertion or driver error
        print("not ok - psycopg2 client: %r" % (e,))
        sys.exit(1)
