// client_test.js: node-postgres (the npm "pg" package) against the
// extension, the way a Node.js service uses it: read every view, insert
// with parameters, numbers as numbers where the column is numeric, and
// exchange_phase as its text form.  Connects through the libpq
// environment variables; prints "ok - ..." lines, exits 1 on a failure.
'use strict';
const assert = require('assert');
const { Client, types } = require('pg');

// node-postgres returns bigint and numeric as strings, to be safe with
// values past 2^53; the extension's counts and percentages fit, so a
// service can ask for numbers.
types.setTypeParser(20, (v) => Number(v));     // int8
types.setTypeParser(1700, (v) => Number(v));   // numeric

async function main() {
  const client = new Client();   // PGHOST, PGPORT, PGUSER, PGDATABASE
  await client.connect();
  let checks = 0;
  const ok = (what) => { console.log(`ok - ${what}`); checks++; };
  try {
    await client.query('SET search_path = prisoner_exchange, public');
    await client.query(
      "INSERT INTO agreement (name, side_a, side_b, quota) VALUES ($1, $2, $3, $4)",
      ['Node client', 'Ukraine', 'Russia', '1,000-for-1,000']);
    const phases = [['2025-05-23', '390:390'], ['2025-05-24', '307-for-307']];
    for (const [day, counts] of phases) {
      await client.query(
        "INSERT INTO phase (agreement_id, exchanged_on, counts) SELECT id, $1, $2 FROM agreement WHERE name = 'Node client'",
        [day, counts]);
    }
    ok('phases inserted with parameters, in two of the accepted text forms');

    const p = await client.query("SELECT * FROM agreement_progress WHERE agreement_name = 'Node client'");
    const row = p.rows[0];
    assert.strictEqual(row.returned_side_a, 697);
    assert.strictEqual(row.returned_total, 1394);
    assert.strictEqual(row.remaining_side_b, 303);
    assert.strictEqual(row.percent_complete, 69.7);
    assert.strictEqual(row.status, 'in progress');
    assert.strictEqual(row.balance_kept, true);
    ok('agreement_progress: numbers as numbers (697, 1394, 303, 69.7)');

    const typed = await client.query(
      "SELECT p.counts, sum(p.counts) OVER () AS returned, remaining(a.quota, sum(p.counts) OVER ()) AS remaining " +
      "FROM phase AS p JOIN agreement AS a ON a.id = p.agreement_id WHERE a.name = $1 ORDER BY p.exchanged_on",
      ['Node client']);
    assert.deepStrictEqual(typed.rows.map((r) => [r.counts, r.returned, r.remaining]),
                           [['390:390', '697:697', '303:303'], ['307:307', '697:697', '303:303']]);
    ok('exchange_phase read as its text form (390:390, 697:697, 303:303)');

    // A list from the other side, written as it came (Latin letters), and
    // checked against a registry kept in Cyrillic.
    await client.query("INSERT INTO person (full_name, birth_year) VALUES ($1, $2), ($3, $4)",
                       ['Шевченко Олександр Іванович', 1991, 'Коваленко Петро Миколайович', 1985]);
    const list = await client.query(
      "INSERT INTO exchange_list (agreement_id, sent_by, received_on, title) " +
      "SELECT id, $1, $2, $3 FROM agreement WHERE name = 'Node client' RETURNING id",
      ['Russia', '2025-05-22', 'Node client list']);
    const listId = list.rows[0].id;
    for (const [line, name, year] of [[1, 'Shevchenko Oleksandr Ivanovych', 1991], [2, 'KOVALENKO PETR NIKOLAEVICH', 1985],
                                      [3, 'Melnyk Taras', 1979]]) {
      await client.query("INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES ($1, $2, $3, $4)",
                         [listId, line, name, year]);
    }
    await client.query('SELECT * FROM reconcile($1)', [listId]);
    const rec = await client.query(
      "SELECT line_number, best_name, verdict, best_score FROM list_reconciliation WHERE list_id = $1 ORDER BY line_number",
      [listId]);
    assert.deepStrictEqual(rec.rows.map((r) => [r.line_number, r.best_name, r.verdict]),
                           [[1, 'Шевченко Олександр Іванович', 'matched'], [2, 'Коваленко Петро Миколайович', 'matched'],
                            [3, null, 'not in registry']]);
    assert.strictEqual(typeof rec.rows[0].best_score, 'number');
    ok('list entries inserted with parameters, reconciled: 2 matched in Cyrillic, 1 not in the registry');

    for (const view of ['agreement_progress', 'phase_progress', 'captive_ratios', 'agreement_coverage',
                        'phase_composition', 'list_reconciliation', 'data_dictionary']) {
      const r = await client.query(`SELECT * FROM ${view}`);
      assert.ok(Array.isArray(r.rows));
      assert.ok(r.fields.length > 0);
    }
    ok('every view can be read');

    const pp = await client.query("SELECT phase_number, returned_side_a, cumulative_side_a FROM phase_progress WHERE agreement_name = 'Node client' ORDER BY phase_number");
    assert.deepStrictEqual(pp.rows.map((r) => [r.phase_number, r.returned_side_a, r.cumulative_side_a]),
                           [[1, 390, 390], [2, 307, 697]]);
    ok('phase_progress: running totals 390 then 697');

    await assert.rejects(
      client.query("INSERT INTO phase (agreement_id, exchanged_on, counts) SELECT id, '2025-05-25', $1 FROM agreement WHERE name = 'Node client'", ['304:304']),
      (err) => err.code === '23514' && /would exceed the quota/.test(err.message));
    ok('a phase over the quota is refused with 23514 and its message');

    await assert.rejects(client.query("SELECT $1::exchange_phase", ['1e3:1']),
                         (err) => err.code === '22P02');
    ok('a malformed exchange_phase parameter is refused with 22P02');
  } finally {
    await client.query("SET client_min_messages = warning");
    await client.query("TRUNCATE prisoner_exchange.phase, prisoner_exchange.agreement, prisoner_exchange.person, prisoner_exchange.exchange_list RESTART IDENTITY CASCADE");
    await client.end();
  }
  console.log(`node-postgres client: ${checks} checks passed`);
}

main().catch((err) => { console.log(`not ok - node-postgres client: ${err.stack || err}`); process.exit(1); });
