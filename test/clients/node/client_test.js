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
    assert.strictEqual(row.remaining, '303:303');
    ok('agreement_progress: numbers as numbers (697, 1394, 69.7), exchange_phase as text (303:303)');

    for (const view of ['agreement_progress', 'phase_progress', 'captive_ratios', 'agreement_coverage',
                        'phase_composition', 'list_reconciliation']) {
      const r = await client.query(`SELECT * FROM ${view}`);
      assert.ok(Array.isArray(r.rows));
      assert.ok(r.fields.length > 0);
    }
    ok('every view can be read');

    const pp = await client.query("SELECT phase_number, cumulative_side_a, counts FROM phase_progress WHERE agreement_name = 'Node client' ORDER BY phase_number");
    assert.deepStrictEqual(pp.rows.map((r) => [Number(r.phase_number), r.cumulative_side_a, r.counts]),
                           [[1, 390, '390:390'], [2, 697, '307:307']]);
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
    await client.query("TRUNCATE prisoner_exchange.phase, prisoner_exchange.agreement RESTART IDENTITY CASCADE");
    await client.end();
  }
  console.log(`node-postgres client: ${checks} checks passed`);
}

main().catch((err) => { console.log(`not ok - node-postgres client: ${err.stack || err}`); process.exit(1); });
