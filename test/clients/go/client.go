// client.go: Go's database/sql with lib/pq (Debian's
// golang-github-lib-pq-dev), the driver of Grafana's PostgreSQL data source
// before pgx and of many Go services: phases and list entries written with
// parameters, exchange_phase scanned as a string, the views read with their
// column types, which must all be types a Grafana panel can convert.
//
// Built in GOPATH mode against Debian's Go sources (no module download):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run client.go
//
// Connects through the libpq environment variables (lib/pq reads PGHOST,
// PGPORT, PGUSER, PGDATABASE).  Prints "ok - ..." lines; exits 1 at the
// first wrong answer.
package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"reflect"
	"time"

	"github.com/lib/pq"
)

var checks = 0

func ok(what string) {
	fmt.Println("ok - " + what)
	checks++
}

func must(err error, what string) {
	if err != nil {
		fail(fmt.Sprintf("%s: %v", what, err))
	}
}

func fail(what string) {
	fmt.Println("not ok - lib/pq client: " + what)
	os.Exit(1)
}

func sqlState(err error) string {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return string(pqErr.Code)
	}
	return fmt.Sprintf("no SQLSTATE (%v)", err)
}

// The PostgreSQL types Grafana's SQL data sources convert to numbers,
// strings, times and booleans.
var standardTypes = map[string]bool{
	"INT2": true, "INT4": true, "INT8": true, "NUMERIC": true, "FLOAT4": true, "FLOAT8": true,
	"TEXT": true, "VARCHAR": true, "DATE": true, "TIMESTAMPTZ": true, "BOOL": true,
}

func main() {
	db, err := sql.Open("postgres", "sslmode=disable")
	must(err, "open")
	defer db.Close()
	db.SetMaxOpenConns(1) // one session, so SET search_path holds
	_, err = db.Exec("SET search_path = prisoner_exchange, public")
	must(err, "search_path")

	var agreementID int64
	must(db.QueryRow("INSERT INTO agreement (name, side_a, side_b, agreed_on, quota) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		"Go client", "Ukraine", "Russia", time.Date(2025, 5, 16, 0, 0, 0, 0, time.UTC), "1000:1000").Scan(&agreementID), "agreement")
	insert, err := db.Prepare("INSERT INTO phase (agreement_id, exchanged_on, counts) VALUES ($1, $2, $3)")
	must(err, "prepare")
	for _, p := range []struct{ day, counts string }{{"2025-05-23", "390:390"}, {"2025-05-24", "307-for-307"}} {
		_, err = insert.Exec(agreementID, p.day, p.counts)
		must(err, "phase "+p.counts)
	}
	ok("agreement and phases written with a prepared statement, exchange_phase as a string parameter")

	var counts []string
	rows, err := db.Query("SELECT counts FROM phase WHERE agreement_id = $1 ORDER BY exchanged_on", agreementID)
	must(err, "read counts")
	for rows.Next() {
		var c string
		must(rows.Scan(&c), "scan counts")
		counts = append(counts, c)
	}
	rows.Close()
	if !reflect.DeepEqual(counts, []string{"390:390", "307:307"}) {
		fail(fmt.Sprintf("counts read back as %v", counts))
	}
	ok("exchange_phase scanned into a Go string: 390:390, 307:307")

	var returnedA, returnedTotal, remainingB int64
	var percent float64
	var status string
	var balanced bool
	var first time.Time
	must(db.QueryRow("SELECT returned_side_a, returned_total, remaining_side_b, percent_complete, status, balance_kept, "+
		"first_exchanged_on FROM agreement_progress WHERE agreement_id = $1", agreementID).
		Scan(&returnedA, &returnedTotal, &remainingB, &percent, &status, &balanced, &first), "agreement_progress")
	if returnedA != 697 || returnedTotal != 1394 || remainingB != 303 || percent != 69.7 ||
		status != "in progress" || !balanced || first.Format("2006-01-02") != "2025-05-23" {
		fail(fmt.Sprintf("agreement_progress: %d %d %d %v %q %v %v", returnedA, returnedTotal, remainingB, percent, status, balanced, first))
	}
	ok("agreement_progress scanned into int64 697, 1394, 303, float64 69.7, bool, time.Time")

	_, err = db.Exec("INSERT INTO person (full_name, birth_year) VALUES ($1, $2), ($3, $4)",
		"Шевченко Олександр Іванович", 1991, "Коваленко Петро Миколайович", 1985)
	must(err, "person")
	var listID int64
	must(db.QueryRow("INSERT INTO exchange_list (agreement_id, sent_by, title) VALUES ($1, 'Russia', 'Go client list') RETURNING id",
		agreementID).Scan(&listID), "exchange_list")
	for i, name := range []string{"Szewczenko Ołeksandr Iwanowycz", "KOVALENKO PETR NIKOLAEVICH", "Melnyk Taras"} {
		_, err = db.Exec("INSERT INTO list_entry (list_id, line_number, name_as_written, birth_year) VALUES ($1, $2, $3, $4)",
			listID, i+1, name, []int{1991, 1985, 1979}[i])
		must(err, "list entry")
	}
	_, err = db.Exec("SELECT * FROM reconcile($1)", listID)
	must(err, "reconcile")
	var got []string
	rows, err = db.Query("SELECT COALESCE(best_name, '-'), verdict FROM list_reconciliation WHERE list_id = $1 ORDER BY line_number", listID)
	must(err, "list_reconciliation")
	for rows.Next() {
		var name, verdict string
		must(rows.Scan(&name, &verdict), "scan reconciliation")
		got = append(got, name+"|"+verdict)
	}
	rows.Close()
	want := []string{"Шевченко Олександр Іванович|matched", "Коваленко Петро Миколайович|matched", "-|not in registry"}
	if !reflect.DeepEqual(got, want) {
		fail(fmt.Sprintf("reconciliation: %v", got))
	}
	ok("list entries written with parameters and reconciled: Polish and Russian spellings matched in Cyrillic")

	views := []string{"agreement_progress", "phase_progress", "captive_ratios", "agreement_coverage",
		"phase_composition", "list_reconciliation", "data_dictionary", "remains_returned", "category_progress",
		"published_total_check"}
	columns := 0
	for _, view := range views {
		rows, err := db.Query("SELECT * FROM " + view)
		must(err, view)
		types, err := rows.ColumnTypes()
		must(err, view+" column types")
		for _, t := range types {
			if !standardTypes[t.DatabaseTypeName()] {
				fail(fmt.Sprintf("%s.%s has database type %q, which a Grafana panel cannot convert", view, t.Name(), t.DatabaseTypeName()))
			}
			columns++
		}
		for rows.Next() {
		}
		must(rows.Err(), view+" rows")
		rows.Close()
	}
	ok(fmt.Sprintf("every view read; all %d columns of the %d views of a type Grafana converts", columns, len(views)))

	_, err = insert.Exec(agreementID, "2025-05-25", "304:304")
	if sqlState(err) != "23514" {
		fail("a phase over the quota: " + sqlState(err))
	}
	_, err = db.Exec("SELECT $1::prisoner_exchange.exchange_phase", "1e3:1")
	if sqlState(err) != "22P02" {
		fail("a malformed exchange_phase: " + sqlState(err))
	}
	ok("a phase over the quota is refused with 23514, a malformed value with 22P02")
	fmt.Printf("lib/pq client: %d checks passed\n", checks)
}
