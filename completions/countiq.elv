
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
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'countiq;add'= {
            cand --qty 'Quantity, a whole number from 0 to 2^53-1'
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
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
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
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
            cand --db 'Database file [default: countiq.db in the platform data directory]'
            cand --owner 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]'
            cand --format 'Output format'
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
        &'countiq;help;completions'= {
        }
        &'countiq;help;help'= {
        }
    ]
    $completions[$command]
}
