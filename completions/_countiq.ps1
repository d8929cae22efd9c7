
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'countiq' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'countiq'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'countiq' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an item')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the owner''s items')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the owner''s items')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove items, all or none')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove items, all or none')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an item; its id stays the same')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename an item; its id stays the same')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an item''s unit, reorder level, code or note')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move an item to a location (garage/shelf-2), or --nowhere')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Add tags to an item')
            [CompletionResult]::new('untag', 'untag', [CompletionResultType]::ParameterValue, 'Remove tags from an item')
            [CompletionResult]::new('locations', 'locations', [CompletionResultType]::ParameterValue, 'List the locations that hold items, with counts and total quantities')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Read codes from stdin, one per line, and take one (or --delta) off each item')
            [CompletionResult]::new('adjust', 'adjust', [CompletionResultType]::ParameterValue, 'Move an item''s stock up or down: +3, -2')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set an item''s stock level')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Record a stocktake: set the level and log it as a count')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show the ledger of changes, newest first')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Revert the last operation (or the given one) as a new operation')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one item, its recent changes and a sparkline of its stock')
            [CompletionResult]::new('low', 'low', [CompletionResultType]::ParameterValue, 'List items below their reorder level')
            [CompletionResult]::new('owners', 'owners', [CompletionResultType]::ParameterValue, 'List the owners in the database, with how many items each holds')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write items as NDJSON (or --format json|csv|tsv) for import')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read items from a file export wrote (- for stdin), all or nothing')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Run a batch of NDJSON operations as one transaction, all or nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of every command''s JSON output and the exit codes')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the database and report on it; never writes')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the database to DEST as one consistent file, while others keep writing')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy a whole database into an empty one: SQLite to PostgreSQL, or back')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration and where each value comes from')
            [CompletionResult]::new('admin', 'admin', [CompletionResultType]::ParameterValue, 'Administer a shared database: upgrade its schema')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or a subcommand''s page')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'countiq;add' {
            [CompletionResult]::new('--qty', '--qty', [CompletionResultType]::ParameterName, 'Quantity, a whole number from 0 to 2^53-1')
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'Unit of measure (L, kg, boxes)')
            [CompletionResult]::new('--min', '--min', [CompletionResultType]::ParameterName, 'Reorder level: `low` reports the item when its quantity is below N')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Where the item is: a location such as garage/shelf-2')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'A barcode or SKU, unique per owner (then `=CODE` names the item)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--exists-ok', '--exists-ok', [CompletionResultType]::ParameterName, 'Succeed and print the existing item when the name is already taken')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;list' {
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order of the items (ties: name, then id)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Print at most N items')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Keep items at LOC or anywhere under it')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Keep items with this tag (repeat: every one must match)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'Keep the item with this code')
            [CompletionResult]::new('--qty-min', '--qty-min', [CompletionResultType]::ParameterName, 'Keep items with at least N in stock')
            [CompletionResult]::new('--qty-max', '--qty-max', [CompletionResultType]::ParameterName, 'Keep items with at most N in stock')
            [CompletionResult]::new('--updated-since', '--updated-since', [CompletionResultType]::ParameterName, 'Keep items changed at or after TIME (RFC 3339, or 2h, 7d ago)')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Reverse the order')
            [CompletionResult]::new('--low', '--low', [CompletionResultType]::ParameterName, 'Keep items below their reorder level, as `low` lists them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;ls' {
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order of the items (ties: name, then id)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Print at most N items')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Keep items whose name contains TEXT, ignoring case (plain text, not a pattern)')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The items as they stood at TIME, rebuilt from the ledger (RFC 3339, or 2h, 3d ago)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Keep items at LOC or anywhere under it')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Keep items with this tag (repeat: every one must match)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'Keep the item with this code')
            [CompletionResult]::new('--qty-min', '--qty-min', [CompletionResultType]::ParameterName, 'Keep items with at least N in stock')
            [CompletionResult]::new('--qty-max', '--qty-max', [CompletionResultType]::ParameterName, 'Keep items with at most N in stock')
            [CompletionResult]::new('--updated-since', '--updated-since', [CompletionResultType]::ParameterName, 'Keep items changed at or after TIME (RFC 3339, or 2h, 7d ago)')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Reverse the order')
            [CompletionResult]::new('--low', '--low', [CompletionResultType]::ParameterName, 'Keep items below their reorder level, as `low` lists them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;remove' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--missing-ok', '--missing-ok', [CompletionResultType]::ParameterName, 'Skip names that do not exist instead of failing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;rm' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--missing-ok', '--missing-ok', [CompletionResultType]::ParameterName, 'Skip names that do not exist instead of failing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;rename' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;mv' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;edit' {
            [CompletionResult]::new('--unit', '--unit', [CompletionResultType]::ParameterName, 'New unit of measure')
            [CompletionResult]::new('--min', '--min', [CompletionResultType]::ParameterName, 'New reorder level')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'New code (a barcode or SKU, unique per owner)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'New note (up to 1,000 characters; newlines allowed)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--no-unit', '--no-unit', [CompletionResultType]::ParameterName, 'Remove the unit')
            [CompletionResult]::new('--no-min', '--no-min', [CompletionResultType]::ParameterName, 'Remove the reorder level')
            [CompletionResult]::new('--no-code', '--no-code', [CompletionResultType]::ParameterName, 'Remove the code')
            [CompletionResult]::new('--no-note', '--no-note', [CompletionResultType]::ParameterName, 'Remove the note')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;move' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--nowhere', '--nowhere', [CompletionResultType]::ParameterName, 'Take the item out of every location')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;tag' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;untag' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;locations' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;scan' {
            [CompletionResult]::new('--delta', '--delta', [CompletionResultType]::ParameterName, 'The change for each scanned code: -1 takes one off, +1 adds one')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;adjust' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept in the ledger')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;set' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept in the ledger')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;count' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept in the ledger')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;history' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Print at most N events')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after TIME (RFC 3339, or 2h, 3d ago)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only events of this kind (repeatable: any of them)')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Print only these event fields, in this order: op,at,kind,... (`countiq schema` lists them)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;undo' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;low' {
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Print only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 9 when any item is below its reorder level (for cron and CI)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;owners' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;export' {
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Write only these item fields, in this order: id,name,quantity,... (`countiq schema` lists them)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--all-owners', '--all-owners', [CompletionResultType]::ParameterName, 'Every owner''s items, each with its owner')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;import' {
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'The input''s format [default: the file''s extension, else its content]')
            [CompletionResult]::new('--on-conflict', '--on-conflict', [CompletionResultType]::ParameterName, 'What to do with a row whose item exists')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--all-owners', '--all-owners', [CompletionResultType]::ParameterName, 'Import into the owners the rows name (without it, rows naming two owners are refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;apply' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;schema' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;doctor' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite DEST if it exists')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;copy' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The database to copy: a SQLite file or a postgres:// URL')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The database to write, which must hold no owner: a SQLite file (created if missing) or a postgres:// URL')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;config' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print each setting''s effective value and its source')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'countiq;config;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print each setting''s effective value and its source')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'countiq;config;help;show' {
            break
        }
        'countiq;config;help;help' {
            break
        }
        'countiq;admin' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create the database''s schema, or upgrade it to this version of countiq')
            [CompletionResult]::new('enforce-owners', 'enforce-owners', [CompletionResultType]::ParameterValue, 'Make owners database roles, enforced by row-level security (PostgreSQL)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'countiq;admin;migrate' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;admin;enforce-owners' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;admin;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create the database''s schema, or upgrade it to this version of countiq')
            [CompletionResult]::new('enforce-owners', 'enforce-owners', [CompletionResultType]::ParameterValue, 'Make owners database roles, enforced by row-level security (PostgreSQL)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'countiq;admin;help;migrate' {
            break
        }
        'countiq;admin;help;enforce-owners' {
            break
        }
        'countiq;admin;help;help' {
            break
        }
        'countiq;man' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database file, or a postgres:// URL [default: countiq.db in the platform data directory]')
            [CompletionResult]::new('--pg-schema', '--pg-schema', [CompletionResultType]::ParameterName, 'PostgreSQL schema holding CountIQ''s tables [default: countiq]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Whose items to act on [default: $USER, else $LOGNAME, else "default"]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Apply a change at most once: a retry with the same KEY prints the first run''s result again')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock, in milliseconds [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color tables and errors (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log line format on stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: config.toml in the platform config directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole command and print its result, then roll back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No human confirmation lines (data output is still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v info, -vv debug, -vvv trace [env: COUNTIQ_LOG, a filter]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'countiq;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an item')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the owner''s items')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove items, all or none')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an item; its id stays the same')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an item''s unit, reorder level, code or note')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move an item to a location (garage/shelf-2), or --nowhere')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Add tags to an item')
            [CompletionResult]::new('untag', 'untag', [CompletionResultType]::ParameterValue, 'Remove tags from an item')
            [CompletionResult]::new('locations', 'locations', [CompletionResultType]::ParameterValue, 'List the locations that hold items, with counts and total quantities')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Read codes from stdin, one per line, and take one (or --delta) off each item')
            [CompletionResult]::new('adjust', 'adjust', [CompletionResultType]::ParameterValue, 'Move an item''s stock up or down: +3, -2')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set an item''s stock level')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Record a stocktake: set the level and log it as a count')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show the ledger of changes, newest first')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Revert the last operation (or the given one) as a new operation')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one item, its recent changes and a sparkline of its stock')
            [CompletionResult]::new('low', 'low', [CompletionResultType]::ParameterValue, 'List items below their reorder level')
            [CompletionResult]::new('owners', 'owners', [CompletionResultType]::ParameterValue, 'List the owners in the database, with how many items each holds')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write items as NDJSON (or --format json|csv|tsv) for import')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read items from a file export wrote (- for stdin), all or nothing')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Run a batch of NDJSON operations as one transaction, all or nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of every command''s JSON output and the exit codes')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the database and report on it; never writes')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the database to DEST as one consistent file, while others keep writing')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy a whole database into an empty one: SQLite to PostgreSQL, or back')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration and where each value comes from')
            [CompletionResult]::new('admin', 'admin', [CompletionResultType]::ParameterValue, 'Administer a shared database: upgrade its schema')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or a subcommand''s page')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'countiq;help;add' {
            break
        }
        'countiq;help;list' {
            break
        }
        'countiq;help;remove' {
            break
        }
        'countiq;help;rename' {
            break
        }
        'countiq;help;edit' {
            break
        }
        'countiq;help;move' {
            break
        }
        'countiq;help;tag' {
            break
        }
        'countiq;help;untag' {
            break
        }
        'countiq;help;locations' {
            break
        }
        'countiq;help;scan' {
            break
        }
        'countiq;help;adjust' {
            break
        }
        'countiq;help;set' {
            break
        }
        'countiq;help;count' {
            break
        }
        'countiq;help;history' {
            break
        }
        'countiq;help;undo' {
            break
        }
        'countiq;help;show' {
            break
        }
        'countiq;help;low' {
            break
        }
        'countiq;help;owners' {
            break
        }
        'countiq;help;export' {
            break
        }
        'countiq;help;import' {
            break
        }
        'countiq;help;apply' {
            break
        }
        'countiq;help;schema' {
            break
        }
        'countiq;help;doctor' {
            break
        }
        'countiq;help;backup' {
            break
        }
        'countiq;help;copy' {
            break
        }
        'countiq;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print each setting''s effective value and its source')
            break
        }
        'countiq;help;config;show' {
            break
        }
        'countiq;help;admin' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create the database''s schema, or upgrade it to this version of countiq')
            [CompletionResult]::new('enforce-owners', 'enforce-owners', [CompletionResultType]::ParameterValue, 'Make owners database roles, enforced by row-level security (PostgreSQL)')
            break
        }
        'countiq;help;admin;migrate' {
            break
        }
        'countiq;help;admin;enforce-owners' {
            break
        }
        'countiq;help;man' {
            break
        }
        'countiq;help;completions' {
            break
        }
        'countiq;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
