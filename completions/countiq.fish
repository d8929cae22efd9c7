# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_countiq_global_optspecs
    string join \n db= pg-schema= owner= format= json dry-run q/quiet v/verbose idempotency-key= busy-timeout= color= log-format= config= h/help V/version
end

function __fish_countiq_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_countiq_global_optspecs) -- $cmd 2>/dev/null
    or begin
        # The last word may be an option still waiting for its value.
        set -e cmd[-1]
        argparse -s (__fish_countiq_global_optspecs) -- $cmd 2>/dev/null
    end
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_countiq_using_subcommand
    set -l cmd (__fish_countiq_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c countiq -n "__fish_countiq_needs_command" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_needs_command" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_needs_command" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_needs_command" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_needs_command" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_needs_command" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_needs_command" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_needs_command" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_needs_command" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_needs_command" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_needs_command" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_needs_command" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_needs_command" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_needs_command" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "add" -d 'Add an item'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "list" -d 'List the owner\'s items'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "ls" -d 'List the owner\'s items'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "remove" -d 'Remove items, all or none'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "rm" -d 'Remove items, all or none'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "rename" -d 'Rename an item; its id stays the same'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "mv" -d 'Rename an item; its id stays the same'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "edit" -d 'Change an item\'s unit, reorder level, code or note'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "move" -d 'Move an item to a location (garage/shelf-2), or --nowhere'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "tag" -d 'Add tags to an item'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "untag" -d 'Remove tags from an item'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "locations" -d 'List the locations that hold items, with counts and total quantities'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "scan" -d 'Read codes from stdin, one per line, and take one (or --delta) off each item'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "adjust" -d 'Move an item\'s stock up or down: +3, -2'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "set" -d 'Set an item\'s stock level'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "count" -d 'Record a stocktake: set the level and log it as a count'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "history" -d 'Show the ledger of changes, newest first'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "undo" -d 'Revert the last operation (or the given one) as a new operation'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "show" -d 'Show one item, its recent changes and a sparkline of its stock'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "low" -d 'List items below their reorder level'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "owners" -d 'List the owners in the database, with how many items each holds'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "export" -d 'Write items as NDJSON (or --format json|csv|tsv) for import'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "import" -d 'Read items from a file export wrote (- for stdin), all or nothing'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "apply" -d 'Run a batch of NDJSON operations as one transaction, all or nothing'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "schema" -d 'Print the JSON Schema of every command\'s JSON output and the exit codes'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "doctor" -d 'Check the database and report on it; never writes'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "backup" -d 'Copy the database to DEST as one consistent file, while others keep writing'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "copy" -d 'Copy a whole database into an empty one: SQLite to PostgreSQL, or back'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "config" -d 'Show the effective configuration and where each value comes from'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "admin" -d 'Administer a shared database: upgrade its schema'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "man" -d 'Print the man page (roff), or a subcommand\'s page'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c countiq -n "__fish_countiq_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c countiq -n "__fish_countiq_using_subcommand add" -l qty -d 'Quantity, a whole number from 0 to 2^53-1' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l unit -d 'Unit of measure (L, kg, boxes)' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l min -d 'Reorder level: `low` reports the item when its quantity is below N' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l at -d 'Where the item is: a location such as garage/shelf-2' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l code -d 'A barcode or SKU, unique per owner (then `=CODE` names the item)' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand add" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand add" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand add" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand add" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand add" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand add" -l exists-ok -d 'Succeed and print the existing item when the name is already taken'
complete -c countiq -n "__fish_countiq_using_subcommand add" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand add" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand add" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand add" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand add" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand list" -l sort -d 'Order of the items (ties: name, then id)' -r -f -a "name\t'By name, ignoring case'
quantity\t'By quantity'
created\t'By creation time'
updated\t'By time of the last change'"
complete -c countiq -n "__fish_countiq_using_subcommand list" -l limit -d 'Print at most N items' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l match -d 'Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l as-of -d 'The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l at -d 'Keep items at LOC or anywhere under it' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l tag -d 'Keep items with this tag (repeat: every one must match)' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l code -d 'Keep the item with this code' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l qty-min -d 'Keep items with at least N in stock' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l qty-max -d 'Keep items with at most N in stock' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l updated-since -d 'Keep items changed at or after TIME (RFC 3339, or 2h, 7d ago)' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l fields -d 'Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand list" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand list" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand list" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand list" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand list" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand list" -l reverse -d 'Reverse the order'
complete -c countiq -n "__fish_countiq_using_subcommand list" -l low -d 'Keep items below their reorder level, as `low` lists them'
complete -c countiq -n "__fish_countiq_using_subcommand list" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand list" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand list" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand list" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand list" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l sort -d 'Order of the items (ties: name, then id)' -r -f -a "name\t'By name, ignoring case'
quantity\t'By quantity'
created\t'By creation time'
updated\t'By time of the last change'"
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l limit -d 'Print at most N items' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l match -d 'Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l as-of -d 'The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l at -d 'Keep items at LOC or anywhere under it' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l tag -d 'Keep items with this tag (repeat: every one must match)' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l code -d 'Keep the item with this code' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l qty-min -d 'Keep items with at least N in stock' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l qty-max -d 'Keep items with at most N in stock' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l updated-since -d 'Keep items changed at or after TIME (RFC 3339, or 2h, 7d ago)' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l fields -d 'Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l reverse -d 'Reverse the order'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l low -d 'Keep items below their reorder level, as `low` lists them'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand ls" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l missing-ok -d 'Skip names that do not exist instead of failing'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand remove" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l missing-ok -d 'Skip names that do not exist instead of failing'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand rm" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand rename" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand rename" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand rename" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand rename" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand rename" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand mv" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand mv" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand mv" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand mv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand mv" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l unit -d 'New unit of measure' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l min -d 'New reorder level' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l code -d 'New code (a barcode or SKU, unique per owner)' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l note -d 'New note (up to 1,000 characters; newlines allowed)' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l no-unit -d 'Remove the unit'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l no-min -d 'Remove the reorder level'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l no-code -d 'Remove the code'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l no-note -d 'Remove the note'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand edit" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand move" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand move" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand move" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand move" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand move" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand move" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand move" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand move" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand move" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand move" -l nowhere -d 'Take the item out of every location'
complete -c countiq -n "__fish_countiq_using_subcommand move" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand move" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand move" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand move" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand move" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand move" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand tag" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand tag" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand tag" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand tag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand tag" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand untag" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand untag" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand untag" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand untag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand untag" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand locations" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand locations" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand locations" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand locations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand locations" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l delta -d 'The change for each scanned code: -1 takes one off, +1 adds one' -r
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand scan" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand scan" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand scan" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand scan" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l reason -d 'Why, kept in the ledger' -r
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand adjust" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand set" -l reason -d 'Why, kept in the ledger' -r
complete -c countiq -n "__fish_countiq_using_subcommand set" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand set" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand set" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand set" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand set" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand set" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand set" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand set" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand set" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand set" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand set" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand set" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand set" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand set" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand count" -l reason -d 'Why, kept in the ledger' -r
complete -c countiq -n "__fish_countiq_using_subcommand count" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand count" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand count" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand count" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand count" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand count" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand count" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand count" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand count" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand count" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand count" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand count" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand count" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand count" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand count" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand history" -l limit -d 'Print at most N events' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l since -d 'Only events at or after TIME (RFC 3339, or 2h, 3d ago)' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l kind -d 'Only events of this kind (repeatable: any of them)' -r -f -a "baseline\t'An item that was there before the ledger'
add\t'add, or an apply add line'
remove\t'remove, or an apply remove line'
rename\t'rename, or an apply rename line'
edit\t'edit'
adjust\t'adjust, or an apply adjust line'
set\t'set, or an apply set line'
count\t'count: a stocktake'
import\t'import'
undo\t'undo'
move\t'move, or an apply move line'
tag\t'tag, or an apply tag line that adds tags'
untag\t'untag, or an apply tag line that only removes tags'
scan\t'one line of scan'"
complete -c countiq -n "__fish_countiq_using_subcommand history" -l fields -d 'Print only these event fields, in this order: op,at,kind,... (`countiq schema` lists them)' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand history" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand history" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand history" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand history" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand history" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand history" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand history" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand history" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand history" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand history" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand undo" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand undo" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand undo" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand undo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand undo" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand show" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand show" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand show" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand show" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand show" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand show" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand show" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand show" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand show" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand show" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand show" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand show" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand show" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand show" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand low" -l fields -d 'Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)' -r
complete -c countiq -n "__fish_countiq_using_subcommand low" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand low" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand low" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand low" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand low" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand low" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand low" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand low" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand low" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand low" -l check -d 'Exit 9 when any item is below its reorder level (for cron and CI)'
complete -c countiq -n "__fish_countiq_using_subcommand low" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand low" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand low" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand low" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand low" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand low" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand owners" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand owners" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand owners" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand owners" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand owners" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand export" -l fields -d 'Write only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)' -r
complete -c countiq -n "__fish_countiq_using_subcommand export" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand export" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand export" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand export" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand export" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand export" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand export" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand export" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand export" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand export" -l all-owners -d 'Every owner\'s items, each with its owner'
complete -c countiq -n "__fish_countiq_using_subcommand export" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand export" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand export" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand export" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand export" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand import" -l input-format -d 'The input\'s format [default: the file\'s extension, else its content]' -r -f -a "json\t'A JSON array of objects (what `export --format json` writes)'
ndjson\t'One JSON object per line (what `export` writes)'
csv\t'CSV with a header row (what `export --format csv` writes)'"
complete -c countiq -n "__fish_countiq_using_subcommand import" -l on-conflict -d 'What to do with a row whose item exists' -r -f -a "fail\t'Import nothing and exit 4, naming the row'
skip\t'Keep the existing item'
replace\t'Overwrite the existing item'
add\t'Add the row\'s quantity to the existing item\'s (a delivery); the units must match'"
complete -c countiq -n "__fish_countiq_using_subcommand import" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand import" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand import" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand import" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand import" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand import" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand import" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand import" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand import" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand import" -l all-owners -d 'Import into the owners the rows name (without it, rows naming two owners are refused)'
complete -c countiq -n "__fish_countiq_using_subcommand import" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand import" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand import" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand import" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand import" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand apply" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand apply" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand apply" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand apply" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand schema" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand schema" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand schema" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand schema" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l force -d 'Overwrite DEST if it exists'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand backup" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l from -d 'The database to copy: a SQLite file or a postgres:// URL' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l to -d 'The database to write, which must hold no owner: a SQLite file (created if missing) or a postgres:// URL' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand copy" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand copy" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand copy" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand copy" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print each setting\'s effective value and its source'
complete -c countiq -n "__fish_countiq_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print each setting\'s effective value and its source'
complete -c countiq -n "__fish_countiq_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -f -a "migrate" -d 'Create the database\'s schema, or upgrade it to this version of countiq'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -f -a "enforce-owners" -d 'Make owners database roles, enforced by row-level security (PostgreSQL)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and not __fish_seen_subcommand_from migrate enforce-owners help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from enforce-owners" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Create the database\'s schema, or upgrade it to this version of countiq'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "enforce-owners" -d 'Make owners database roles, enforced by row-level security (PostgreSQL)'
complete -c countiq -n "__fish_countiq_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c countiq -n "__fish_countiq_using_subcommand man" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand man" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand man" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand man" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand man" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand man" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand man" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand man" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand man" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand man" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand man" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand man" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand man" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand man" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l db -d 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l pg-schema -d 'PostgreSQL schema holding CountIQ\'s tables [default: countiq]' -r
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l owner -d 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]' -r
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l format -d 'Output format [default: table]' -r -f -a "table\t'A table for people; confirmation lines for changes'
json\t'One JSON document'
ndjson\t'One JSON object per line'
csv\t'RFC 4180 CSV with a header row'
tsv\t'Tab-separated values, no header row (like sqlite3 -tabs); backslash, tab and newline as \\\\, \\t, \\n'"
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l idempotency-key -d 'Apply a change at most once: a retry with the same KEY prints the first run\'s result again' -r
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l busy-timeout -d 'How long to wait for another process\'s lock, in milliseconds [default: 10000]' -r
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l color -d 'When to color tables and errors (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t'Color when writing to a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l log-format -d 'Log line format on stderr' -r -f -a "text\t'One human-readable line per event'
json\t'One JSON object per event'"
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l config -d 'Configuration file [default: config.toml in the platform config directory]' -r -F
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l json -d 'Same as --format json'
complete -c countiq -n "__fish_countiq_using_subcommand completions" -l dry-run -d 'Run the whole command and print its result, then roll back'
complete -c countiq -n "__fish_countiq_using_subcommand completions" -s q -l quiet -d 'No human confirmation lines (data output is still printed)'
complete -c countiq -n "__fish_countiq_using_subcommand completions" -s v -l verbose -d 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
complete -c countiq -n "__fish_countiq_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c countiq -n "__fish_countiq_using_subcommand completions" -s V -l version -d 'Print version'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "add" -d 'Add an item'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "list" -d 'List the owner\'s items'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "remove" -d 'Remove items, all or none'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "rename" -d 'Rename an item; its id stays the same'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "edit" -d 'Change an item\'s unit, reorder level, code or note'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "move" -d 'Move an item to a location (garage/shelf-2), or --nowhere'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "tag" -d 'Add tags to an item'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "untag" -d 'Remove tags from an item'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "locations" -d 'List the locations that hold items, with counts and total quantities'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "scan" -d 'Read codes from stdin, one per line, and take one (or --delta) off each item'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "adjust" -d 'Move an item\'s stock up or down: +3, -2'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "set" -d 'Set an item\'s stock level'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "count" -d 'Record a stocktake: set the level and log it as a count'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "history" -d 'Show the ledger of changes, newest first'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "undo" -d 'Revert the last operation (or the given one) as a new operation'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "show" -d 'Show one item, its recent changes and a sparkline of its stock'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "low" -d 'List items below their reorder level'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "owners" -d 'List the owners in the database, with how many items each holds'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "export" -d 'Write items as NDJSON (or --format json|csv|tsv) for import'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "import" -d 'Read items from a file export wrote (- for stdin), all or nothing'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "apply" -d 'Run a batch of NDJSON operations as one transaction, all or nothing'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "schema" -d 'Print the JSON Schema of every command\'s JSON output and the exit codes'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "doctor" -d 'Check the database and report on it; never writes'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "backup" -d 'Copy the database to DEST as one consistent file, while others keep writing'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "copy" -d 'Copy a whole database into an empty one: SQLite to PostgreSQL, or back'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "config" -d 'Show the effective configuration and where each value comes from'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "admin" -d 'Administer a shared database: upgrade its schema'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "man" -d 'Print the man page (roff), or a subcommand\'s page'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c countiq -n "__fish_countiq_using_subcommand help; and not __fish_seen_subcommand_from add list remove rename edit move tag untag locations scan adjust set count history undo show low owners export import apply schema doctor backup copy config admin man completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c countiq -n "__fish_countiq_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print each setting\'s effective value and its source'
complete -c countiq -n "__fish_countiq_using_subcommand help; and __fish_seen_subcommand_from admin" -f -a "migrate" -d 'Create the database\'s schema, or upgrade it to this version of countiq'
complete -c countiq -n "__fish_countiq_using_subcommand help; and __fish_seen_subcommand_from admin" -f -a "enforce-owners" -d 'Make owners database roles, enforced by row-level security (PostgreSQL)'

# Item names are completed from the database: `countiq __complete` answers
# when the word under the cursor names an existing item (exit 0, one name a
# line); elsewhere the completions above apply.
function __fish_countiq_item_names --description 'Whether the token names an item; keeps the names'
    command -q countiq; or return
    set -l token (commandline -ct | string unescape)
    set -g __fish_countiq_items (countiq __complete fish -- (commandline -opc) "$token" 2>/dev/null)
end
complete -c countiq -n __fish_countiq_item_names -f -a '$__fish_countiq_items'
