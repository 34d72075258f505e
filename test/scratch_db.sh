# scratch_db.sh: helpers for test scripts that need a database of their own
# on the server in the libpq environment.  Source it, then:
#   scratch_db NAME   create NAME afresh (a leftover of an earlier run is
#                     dropped first); it is dropped again when the script exits
#   extension_db NAME the same, with the extension created in it
#   on_exit COMMAND   run COMMAND when the script exits, after the others
_on_exit_commands=()
_run_on_exit() {
    local command
    for command in "${_on_exit_commands[@]}"; do
        eval "$command" || true
    done
}
on_exit() {
    _on_exit_commands+=("$*")
    trap _run_on_exit EXIT
}
scratch_db() {
    dropdb --if-exists "$1" 2>/dev/null || true
    createdb "$1"
    on_exit "dropdb --if-exists '$1' 2>/dev/null"
}
extension_db() {
    scratch_db "$1"
    psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c 'CREATE EXTENSION prisoner_exchange' \
        -c 'SELECT FROM prisoner_exchange.setup_roles()'
}
