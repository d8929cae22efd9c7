
use builtin;
use str;

set edit:completion:arg-completer[countiq] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'countiq'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'countiq'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add an item'
            cand list 'List the owner''s items'
            cand ls 'List the owner''s items'
            cand remove 'Remove items, all or none'
            cand rm 'Remove items, all or none'
            cand rename 'Rename an item; its id stays the same'
            cand mv 'Rename an item; its id stays the same'
            cand edit 'Change an item''s unit or reorder level'
            cand adjust 'Move an item''s stock up or down: +3, -2'
            cand set 'Set an item''s stock level'
            cand count 'Record a stocktake: set the level and log it as a count'
            cand history 'Show the ledger of changes, newest first'
            cand undo 'Revert the last operation (or the given one) as a new operation'
            cand show 'Show one item, its recent changes and a sparkline of its stock'
            cand low 'List items below their reorder level'
            cand export 'Write items as NDJSON (or --format json|csv) for import'
            cand import 'Read items from a file export wrote (- for stdin), all or nothing'
            cand apply 'Run a batch of NDJSON operations as one transaction, all or nothing'
            cand schema 'Print the JSON Schema of every command''s JSON output and the exit codes'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'countiq;add'= {
            cand --qty 'Quantity, a whole number from 0 to 2^53-1'
            cand --unit 'Unit of measure (L, kg, boxes)'
            cand --min 'Reorder level: `low` reports the item when its quantity is below N'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --exists-ok 'Succeed and print the existing item when the name is already taken'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;list'= {
            cand --sort 'Order of the items (ties: name, then id)'
            cand --limit 'Print at most N items'
            cand --match 'Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)'
            cand --as-of 'The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --reverse 'Reverse the order'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;ls'= {
            cand --sort 'Order of the items (ties: name, then id)'
            cand --limit 'Print at most N items'
            cand --match 'Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)'
            cand --as-of 'The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --reverse 'Reverse the order'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;remove'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --missing-ok 'Skip names that do not exist instead of failing'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;rm'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --missing-ok 'Skip names that do not exist instead of failing'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;rename'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;mv'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;edit'= {
            cand --unit 'New unit of measure'
            cand --min 'New reorder level'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --no-unit 'Remove the unit'
            cand --no-min 'Remove the reorder level'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;adjust'= {
            cand --reason 'Why, kept in the ledger'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;set'= {
            cand --reason 'Why, kept in the ledger'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;count'= {
            cand --reason 'Why, kept in the ledger'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;history'= {
            cand --limit 'Print at most N events'
            cand --since 'Only events at or after TIME (RFC 3339, or 2h, 3d ago)'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;undo'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;show'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;low'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --check 'Exit 9 when any item is below its reorder level (for cron and CI)'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;export'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --all-owners 'Every owner''s items, each with its owner'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;import'= {
            cand --on-conflict 'What to do with a row whose name is taken'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --all-owners 'Import into the owners the rows name'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;apply'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;schema'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;completions'= {
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
            cand --idempotency-key 'Apply a change at most once: a retry with the same KEY prints the first run''s result again'
            cand --busy-timeout 'How long to wait for another process''s lock, in milliseconds'
            cand --json 'Same as --format json'
            cand --dry-run 'Run the whole command and print its result, then roll back'
            cand -q 'No human confirmation lines (data output is still printed)'
            cand --quiet 'No human confirmation lines (data output is still printed)'
            cand -v 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand --verbose 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'countiq;help'= {
            cand add 'Add an item'
            cand list 'List the owner''s items'
            cand remove 'Remove items, all or none'
            cand rename 'Rename an item; its id stays the same'
            cand edit 'Change an item''s unit or reorder level'
            cand adjust 'Move an item''s stock up or down: +3, -2'
            cand set 'Set an item''s stock level'
            cand count 'Record a stocktake: set the level and log it as a count'
            cand history 'Show the ledger of changes, newest first'
            cand undo 'Revert the last operation (or the given one) as a new operation'
            cand show 'Show one item, its recent changes and a sparkline of its stock'
            cand low 'List items below their reorder level'
            cand export 'Write items as NDJSON (or --format json|csv) for import'
            cand import 'Read items from a file export wrote (- for stdin), all or nothing'
            cand apply 'Run a batch of NDJSON operations as one transaction, all or nothing'
            cand schema 'Print the JSON Schema of every command''s JSON output and the exit codes'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'countiq;help;add'= {
        }
        &'countiq;help;list'= {
        }
        &'countiq;help;remove'= {
        }
        &'countiq;help;rename'= {
        }
        &'countiq;help;edit'= {
        }
        &'countiq;help;adjust'= {
        }
        &'countiq;help;set'= {
        }
        &'countiq;help;count'= {
        }
        &'countiq;help;history'= {
        }
        &'countiq;help;undo'= {
        }
        &'countiq;help;show'= {
        }
        &'countiq;help;low'= {
        }
        &'countiq;help;export'= {
        }
        &'countiq;help;import'= {
        }
        &'countiq;help;apply'= {
        }
        &'countiq;help;schema'= {
        }
        &'countiq;help;completions'= {
        }
        &'countiq;help;help'= {
        }
    ]
    $completions[$command]
}
