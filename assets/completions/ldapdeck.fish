# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ldapdeck_global_optspecs
    string join \n config= json h/help V/version
end

function __fish_ldapdeck_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ldapdeck_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ldapdeck_using_subcommand
    set -l cmd (__fish_ldapdeck_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -s V -l version -d 'Print version'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "providers" -d 'Manage provider configurations in providers.toml'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "test" -d 'Find out step by step why a provider does (not) work: DNS, TCP, TLS, bind, RootDSE, base DN, users, groups. Exit 1 when a step fails'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "users" -d 'Users of a provider: list, get, create, modify, delete, enable, disable, passwd, groups, compare, bulk (many from a CSV)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "journal" -d 'The change journal: every write ldapdeck made, with what it replaced; undo any of them'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "tenants" -d 'Tenants of a provider with a [provider.layout]'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "groups" -d 'Groups of a provider: list (of a tenant in the ou layout), members (of one group)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "demo" -d 'Start a private directory (OpenLDAP slapd on loopback, with TLS) and open the console on providers that show the doctor at work; everything is removed on exit'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "search" -d 'Search any part of the directory, as ldapsearch does but paged, bounded and readable: --base, --scope base|one|sub, --filter or --where, --attrs (+ for operational)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "entry" -d 'One entry by DN, as LDIF or JSON (--operational adds the operational attributes)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "rootdse" -d 'The server\'s RootDSE: naming contexts, controls, extensions, SASL mechanisms'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "schema" -d 'The server\'s schema: every name, or one object class (MUST/MAY through SUP and DIT content rules) or attribute type (syntax, matching rules, flags) by name or OID'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "tree" -d 'The directory as a tree: from a DN (default: the naming contexts), --depth levels'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "deleted" -d 'Active Directory\'s deleted objects: list, restore'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "apply" -d 'Apply an LDIF file (content or change records) as one journaled batch: all checked first (syntax, DNs, schema), the plan shown, then sent one change at a time with the conflict check; --dry-run shows the plan only, --continue-on-error goes on after a failure; `journal undo` takes the applied part back'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "authorize" -d 'Log USER in as an application would: find them by login, bind with their password, report the password policy, status, attributes and groups. Exit 1 when refused'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "completions" -d 'Print the completion script for a shell (provider slugs are completed from providers.toml in bash, zsh and fish). Install, e.g. for bash: ldapdeck completions bash > ~/.local/share/bash-completion/completions/ldapdeck'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "man" -d 'Show the manual page of ldapdeck or of one command (`ldapdeck man users list`): through man(1) on a terminal, as roff otherwise'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "__complete-slugs" -d 'The slugs of providers.toml, one per line (for the completion scripts)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "__write-assets" -d 'Write every man page into DIR/man (removing pages of commands that are gone) and the bash, zsh and fish completion scripts into DIR/completions (scripts/assets.sh: the checked-in assets, which the package takes)'
complete -c ldapdeck -n "__fish_ldapdeck_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "list" -d 'List providers'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "show" -d 'Show one provider (passwords shown as <set>)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "add" -d 'Add a provider from flags (presets fill the rest) or from a TOML file'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "edit" -d 'Change fields of a provider: --set key=value, --unset key'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "clone" -d 'Copy a provider under a new slug'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "remove" -d 'Remove a provider'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "enable" -d 'Mark a provider enabled'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "disable" -d 'Mark a provider disabled (kept, listed greyed)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "import" -d 'Import providers from Akinon, Foreman or Covata JSON, or from OpenLDAP\'s ldap.conf (without FILE: the files the OpenLDAP tools read here, /etc/ldap/ldap.conf then ~/.ldaprc, as ldapsearch does)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "export" -d 'Export a provider as Akinon, Foreman or Covata JSON, or as TOML'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and not __fish_seen_subcommand_from list show add edit clone remove enable disable import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -l tag -d 'Only providers with this tag (repeatable; all must match)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -l search -d 'Search terms: free text, key=value (exact) or key~value (contains); keys: name, slug, type, url, tag, location, organization' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -l sort -d 'Sort keys, comma-separated, \'-\' for descending: name, slug, type, url, enabled' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -l enabled-only -d 'Hide disabled providers'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from show" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l from-file -d 'Read [[provider]] tables from this TOML file instead of flags' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l type -d 'Server type: openldap, posix, free_ipa, 389ds, active_directory, generic' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l url -d 'Server URL, ldap:// or ldaps:// (repeat for failover)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l name -d 'Display name' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l ca-file -d 'CA certificate(s) in PEM that sign the server certificate' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l timeout -d 'Connect and operation timeout in seconds (1-600)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l bind-dn -d 'Service account DN' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l password-env -d 'Take the bind password from this environment variable at connect time' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l password-file -d 'Take the bind password from the first line of this file at connect time' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l password-cmd -d 'Run this command (split on spaces, no shell) and use its first output line' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l base-dn -d 'Search base DN' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l user-filter -d 'Which entries are users (default: the server type\'s preset)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l groups-base -d 'Where groups live' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l domain -d 'AD domain / UPN suffix' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l tag -d 'A label (repeatable)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l set -d 'Any other field as key=value (dotted for tables: attributes.mail=mail)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l starttls -d 'Upgrade ldap:// with StartTLS'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l no-tls-verify -d 'Do not verify the server certificate (dangerous; shown as a warning everywhere)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the bind password from the first line of standard input (stored in the file)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l read-only -d 'Offer no write operation for this provider'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l disabled -d 'Add it disabled'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from edit" -l set -d 'Set a field: key=value (dotted for tables: attributes.mail=mail)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from edit" -l unset -d 'Remove a field' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from edit" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from edit" -l password-stdin -d 'Set bind_password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from edit" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from clone" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from clone" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from clone" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from remove" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from enable" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from enable" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from disable" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from disable" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -l format -d 'Source: akinon, foreman, covata, ldap.conf or auto' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -l slug -d 'Slug for the imported provider (only when the document holds one)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -l replace -d 'Replace providers whose slug already exists'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -l dry-run -d 'Show what would be imported; write nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from export" -l format -d 'Target: akinon, foreman, covata or toml' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from export" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from export" -l include-secrets -d 'Include the stored bind password'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "list" -d 'List providers'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one provider (passwords shown as <set>)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a provider from flags (presets fill the rest) or from a TOML file'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change fields of a provider: --set key=value, --unset key'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "clone" -d 'Copy a provider under a new slug'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a provider'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Mark a provider enabled'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Mark a provider disabled (kept, listed greyed)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import providers from Akinon, Foreman or Covata JSON, or from OpenLDAP\'s ldap.conf (without FILE: the files the OpenLDAP tools read here, /etc/ldap/ldap.conf then ~/.ldaprc, as ldapsearch does)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export a provider as Akinon, Foreman or Covata JSON, or as TOML'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l type -d 'With a URL: the server type (openldap, posix, free_ipa, 389ds, active_directory, generic), whose preset fills attributes and filters' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l bind-dn -d 'With a URL: the DN to bind as (default: $LDAPBINDDN, else anonymous)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l base-dn -d 'With a URL: the search base (default: $LDAPBASE)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l ca-file -d 'With a URL: the CA certificate(s) in PEM that sign the server\'s (default: $LDAPTLS_CACERT, else the system\'s)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l timeout -d 'With a URL: connect and operation timeout in seconds (1-600)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l bind-password-env -d 'With a URL: take the bind DN\'s password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l bind-password-file -d 'With a URL: take the bind DN\'s password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l starttls -d 'With an ldap:// URL: upgrade with StartTLS'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l no-tls-verify -d 'With a URL: do not verify the certificate (dangerous; also $LDAPTLS_REQCERT=never)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l show-commands -d 'Under each step, the command that checks the same by hand (getent, nc, openssl s_client, ldapwhoami, ldapsearch; the password is asked for, never shown). In --json every step has its "command"'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "list" -d 'List users (streamed; memory stays flat however many there are)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "get" -d 'Show one user by id (the login attribute)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "create" -d 'Create a user: preview the LDIF, then add (journaled, undoable)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "modify" -d 'Change a user\'s attributes: --set, --add, --unset, --from-json; preview, then modify (journaled, undoable)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "delete" -d 'Delete a user: preview, then delete (journaled; undo re-creates the entry)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "enable" -d 'Enable a user (AD userAccountControl, FreeIPA nsAccountLock, ppolicy pwdAccountLockedTime, or the provider\'s status attribute); journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "passwd" -d 'Set a user\'s password (Password Modify exop when offered, AD unicodePwd over TLS), from a prompt, --new-password-stdin or --generate; never undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "groups" -d 'A user\'s groups and the others; --add/--remove change membership (member, uniqueMember or memberUid per group), journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "disable" -d 'Disable a user, the same way; journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "compare" -d 'Two users side by side: attributes (same, only in one, different) and groups (--effective: through nested groups too); passwords are never compared'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "bulk" -d 'Many users from a CSV (header of mapped names or attributes, `id` required, an optional `action` column), checked whole, then sent as one journaled batch'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and not __fish_seen_subcommand_from list get create modify delete enable passwd groups disable compare bulk help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l filter -d 'A raw RFC 4515 filter, ANDed with user_filter' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l where -d 'A structured filter: {"mode":"and","criteria":[{"attribute":..,"operation":..,"value":..}]}' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l custom -d 'A named filter from [provider.custom_filters]' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l attrs -d 'Extra raw attributes to output, comma-separated' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l format -d 'Output: table (default on a terminal), json, jsonl, ldif or csv' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l limit -d 'Stop after N users' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l max-depth -d 'How deep --effective follows nested groups' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l effective -d 'With --group: also the members of the groups inside it, at any depth (AD: the in-chain rule)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l show-command -d 'Also print (on stderr) the ldapsearch that asks the same (for a group of the ou or AD layout; a membership group\'s members are read one by one); the password is asked for with -W, never shown'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l attrs -d 'Extra raw attributes to output, comma-separated' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l set -d 'A field: id=... (required), then mapped names or LDAP attributes (repeatable)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l from-json -d 'Read the fields from a JSON object (Netaxis create body), - for stdin' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l set -d 'Replace a field\'s values (an empty value deletes it)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l add -d 'Add a value' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l unset -d 'Delete a field' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l from-json -d 'Read the changes from a JSON object (null deletes), - for stdin' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from modify" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l length -d 'Length of a generated password' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l new-password-stdin -d 'Read the new password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l generate -d 'Make a strong random password and show it once'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l must-change -d 'The user must change it at the next login (ppolicy pwdReset / AD pwdLastSet=0)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l add -d 'Put the user in this group (name or DN; repeatable)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l remove -d 'Take the user out of this group (name or DN; repeatable)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l copy-from -d 'Put the user in the groups another user is in (add only; with --mirror, also leave the groups that user is not in)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l max-depth -d 'How deep --effective follows nested groups' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l mirror -d 'With --copy-from: make the direct groups exactly the other user\'s (removes too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l effective -d 'Also the groups the user is in through other groups, each with its path; with --copy-from, copy the groups the other user is in that way too (as direct memberships)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from groups" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l tenant -d 'Tenant (layout: ou=TENANT under tenants_base)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l group -d 'Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry\'s cn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l effective -d 'Compare the groups each is in through nested groups too'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from compare" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l from-csv -d 'The CSV file (`-` reads standard input): header `id,...` and an optional `action` column (create, modify, disable, enable, delete, add-group, remove-group)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l continue-on-error -d 'Go on after a change fails (by default the first failure stops the rest)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l atomic -d 'All or nothing, in one LDAP transaction (RFC 5805), where the server offers them'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from bulk" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users (streamed; memory stays flat however many there are)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one user by id (the login attribute)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a user: preview the LDIF, then add (journaled, undoable)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "modify" -d 'Change a user\'s attributes: --set, --add, --unset, --from-json; preview, then modify (journaled, undoable)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a user: preview, then delete (journaled; undo re-creates the entry)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a user (AD userAccountControl, FreeIPA nsAccountLock, ppolicy pwdAccountLockedTime, or the provider\'s status attribute); journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Set a user\'s password (Password Modify exop when offered, AD unicodePwd over TLS), from a prompt, --new-password-stdin or --generate; never undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "groups" -d 'A user\'s groups and the others; --add/--remove change membership (member, uniqueMember or memberUid per group), journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a user, the same way; journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "compare" -d 'Two users side by side: attributes (same, only in one, different) and groups (--effective: through nested groups too); passwords are never compared'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "bulk" -d 'Many users from a CSV (header of mapped names or attributes, `id` required, an optional `action` column), checked whole, then sent as one journaled batch'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -f -a "list" -d 'The writes, newest first (as the console lists them)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -f -a "show" -d 'One write: its LDIF and its undo'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -f -a "undo" -d 'Undo a write (previewed and confirmed like any write)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and not __fish_seen_subcommand_from list show undo help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from list" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from show" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from help" -f -a "list" -d 'The writes, newest first (as the console lists them)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from help" -f -a "show" -d 'One write: its LDIF and its undo'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Undo a write (previewed and confirmed like any write)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand journal; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and not __fish_seen_subcommand_from list help" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and not __fish_seen_subcommand_from list help" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List them'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant (groups only)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "list" -d 'List them'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tenants; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and not __fish_seen_subcommand_from list members help" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and not __fish_seen_subcommand_from list members help" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and not __fish_seen_subcommand_from list members help" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and not __fish_seen_subcommand_from list members help" -f -a "list" -d 'List the groups (of a tenant in the ou layout)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and not __fish_seen_subcommand_from list members help" -f -a "members" -d 'A group\'s members, streamed like `users list` (--effective: through nested groups)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and not __fish_seen_subcommand_from list members help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -l tenant -d 'Tenant' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l tenant -d 'Tenant (membership layout with tenants)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l max-depth -d 'How deep --effective follows nested groups' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l attrs -d 'Extra raw attributes to output, comma-separated' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l format -d 'Output: table (default on a terminal), json, jsonl, ldif or csv' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l limit -d 'Stop after N members' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l effective -d 'Also the members of the groups inside it, at any depth, as `users list --effective`'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from members" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the groups (of a tenant in the ou layout)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "members" -d 'A group\'s members, streamed like `users list` (--effective: through nested groups)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand demo" -l users -d 'Also generate this many users in the group ou=bulk of tenant acme (e.g. 100000)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand demo" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand demo" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand demo" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l base -d 'Where to search from (default: the provider\'s base_dn)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l scope -d 'base, one or sub' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l filter -d 'A raw RFC 4515 filter (default: every entry)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l where -d 'A structured filter: {"mode":"and","criteria":[{"attribute":..,"operation":..,"value":..}]}' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l attrs -d 'Attributes to return, comma-separated (`+` adds the operational ones; default: all)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l format -d 'Output: table (default on a terminal), json, jsonl, ldif or csv' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l limit -d 'Stop after N entries' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l show-command -d 'Also print (on stderr) the ldapsearch that asks the same; the password is asked for with -W, never shown'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand search" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l format -d 'ldif (default) or json' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l operational -d 'Operational attributes too (createTimestamp, entryUUID, memberOf ...)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand entry" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand rootdse" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand rootdse" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand rootdse" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand rootdse" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand rootdse" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand rootdse" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand schema" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand schema" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand schema" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand schema" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand schema" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand schema" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -l depth -d 'Levels below the start to show' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand tree" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and not __fish_seen_subcommand_from list restore help" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and not __fish_seen_subcommand_from list restore help" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and not __fish_seen_subcommand_from list restore help" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and not __fish_seen_subcommand_from list restore help" -f -a "list" -d 'List the deleted objects (AD): name, last known parent, deletion time, objectGUID'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and not __fish_seen_subcommand_from list restore help" -f -a "restore" -d 'Bring a deleted object back by its objectGUID (reanimation: delete isDeleted, set distinguishedName), previewed, confirmed, journaled; undo deletes it again'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and not __fish_seen_subcommand_from list restore help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -l filter -d 'A raw RFC 4515 filter ANDed with (isDeleted=TRUE), e.g. (objectClass=user)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l name -d 'Another name (the RDN value) when the old one is taken' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l parent -d 'Another parent DN when the last known one is gone or deleted' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the deleted objects (AD): name, last known parent, deletion time, objectGUID'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Bring a deleted object back by its objectGUID (reanimation: delete isDeleted, set distinguishedName), previewed, confirmed, journaled; undo deletes it again'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand deleted; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l continue-on-error -d 'Go on after a change fails (by default the first failure stops the rest)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l allow-file-urls -d 'Read `attr:< file://...` values (refused by default)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l atomic -d 'All or nothing, in one LDAP transaction (RFC 5805), where the server offers them'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l yes -d 'Apply without asking (required when stdin is not a terminal)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l dry-run -d 'Print the change as LDIF and send nothing'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand apply" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l password-env -d 'Read the password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l password-file -d 'Read the password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l type -d 'With a URL: the server type (openldap, posix, free_ipa, 389ds, active_directory, generic), whose preset fills attributes and filters' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l bind-dn -d 'With a URL: the DN to bind as (default: $LDAPBINDDN, else anonymous)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l base-dn -d 'With a URL: the search base (default: $LDAPBASE)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l ca-file -d 'With a URL: the CA certificate(s) in PEM that sign the server\'s (default: $LDAPTLS_CACERT, else the system\'s)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l timeout -d 'With a URL: connect and operation timeout in seconds (1-600)' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l bind-password-env -d 'With a URL: take the bind DN\'s password from this environment variable' -r
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l bind-password-file -d 'With a URL: take the bind DN\'s password from the first line of this file' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l starttls -d 'With an ldap:// URL: upgrade with StartTLS'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l no-tls-verify -d 'With a URL: do not verify the certificate (dangerous; also $LDAPTLS_REQCERT=never)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand authorize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand completions" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand completions" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand man" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand man" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand man" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand __complete-slugs" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand __complete-slugs" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand __complete-slugs" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand __write-assets" -l config -d 'Path of providers.toml (default: $LDAPDECK_CONFIG, else $XDG_CONFIG_HOME/ldapdeck/providers.toml)' -r -F
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand __write-assets" -l json -d 'Print machine-readable JSON (errors go to stderr as JSON too)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand __write-assets" -s h -l help -d 'Print help'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "providers" -d 'Manage provider configurations in providers.toml'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "test" -d 'Find out step by step why a provider does (not) work: DNS, TCP, TLS, bind, RootDSE, base DN, users, groups. Exit 1 when a step fails'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "users" -d 'Users of a provider: list, get, create, modify, delete, enable, disable, passwd, groups, compare, bulk (many from a CSV)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "journal" -d 'The change journal: every write ldapdeck made, with what it replaced; undo any of them'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "tenants" -d 'Tenants of a provider with a [provider.layout]'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "groups" -d 'Groups of a provider: list (of a tenant in the ou layout), members (of one group)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "demo" -d 'Start a private directory (OpenLDAP slapd on loopback, with TLS) and open the console on providers that show the doctor at work; everything is removed on exit'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "search" -d 'Search any part of the directory, as ldapsearch does but paged, bounded and readable: --base, --scope base|one|sub, --filter or --where, --attrs (+ for operational)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "entry" -d 'One entry by DN, as LDIF or JSON (--operational adds the operational attributes)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "rootdse" -d 'The server\'s RootDSE: naming contexts, controls, extensions, SASL mechanisms'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "schema" -d 'The server\'s schema: every name, or one object class (MUST/MAY through SUP and DIT content rules) or attribute type (syntax, matching rules, flags) by name or OID'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "tree" -d 'The directory as a tree: from a DN (default: the naming contexts), --depth levels'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "deleted" -d 'Active Directory\'s deleted objects: list, restore'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "apply" -d 'Apply an LDIF file (content or change records) as one journaled batch: all checked first (syntax, DNs, schema), the plan shown, then sent one change at a time with the conflict check; --dry-run shows the plan only, --continue-on-error goes on after a failure; `journal undo` takes the applied part back'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "authorize" -d 'Log USER in as an application would: find them by login, bind with their password, report the password policy, status, attributes and groups. Exit 1 when refused'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "completions" -d 'Print the completion script for a shell (provider slugs are completed from providers.toml in bash, zsh and fish). Install, e.g. for bash: ldapdeck completions bash > ~/.local/share/bash-completion/completions/ldapdeck'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "man" -d 'Show the manual page of ldapdeck or of one command (`ldapdeck man users list`): through man(1) on a terminal, as roff otherwise'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "__complete-slugs" -d 'The slugs of providers.toml, one per line (for the completion scripts)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "__write-assets" -d 'Write every man page into DIR/man (removing pages of commands that are gone) and the bash, zsh and fish completion scripts into DIR/completions (scripts/assets.sh: the checked-in assets, which the package takes)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and not __fish_seen_subcommand_from providers test users journal tenants groups demo search entry rootdse schema tree deleted apply authorize completions man __complete-slugs __write-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "list" -d 'List providers'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "show" -d 'Show one provider (passwords shown as <set>)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "add" -d 'Add a provider from flags (presets fill the rest) or from a TOML file'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "edit" -d 'Change fields of a provider: --set key=value, --unset key'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "clone" -d 'Copy a provider under a new slug'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "remove" -d 'Remove a provider'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "enable" -d 'Mark a provider enabled'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "disable" -d 'Mark a provider disabled (kept, listed greyed)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "import" -d 'Import providers from Akinon, Foreman or Covata JSON, or from OpenLDAP\'s ldap.conf (without FILE: the files the OpenLDAP tools read here, /etc/ldap/ldap.conf then ~/.ldaprc, as ldapsearch does)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "export" -d 'Export a provider as Akinon, Foreman or Covata JSON, or as TOML'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "list" -d 'List users (streamed; memory stays flat however many there are)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "get" -d 'Show one user by id (the login attribute)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "create" -d 'Create a user: preview the LDIF, then add (journaled, undoable)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "modify" -d 'Change a user\'s attributes: --set, --add, --unset, --from-json; preview, then modify (journaled, undoable)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "delete" -d 'Delete a user: preview, then delete (journaled; undo re-creates the entry)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "enable" -d 'Enable a user (AD userAccountControl, FreeIPA nsAccountLock, ppolicy pwdAccountLockedTime, or the provider\'s status attribute); journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "passwd" -d 'Set a user\'s password (Password Modify exop when offered, AD unicodePwd over TLS), from a prompt, --new-password-stdin or --generate; never undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "groups" -d 'A user\'s groups and the others; --add/--remove change membership (member, uniqueMember or memberUid per group), journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "disable" -d 'Disable a user, the same way; journaled, undoable'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "compare" -d 'Two users side by side: attributes (same, only in one, different) and groups (--effective: through nested groups too); passwords are never compared'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "bulk" -d 'Many users from a CSV (header of mapped names or attributes, `id` required, an optional `action` column), checked whole, then sent as one journaled batch'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from journal" -f -a "list" -d 'The writes, newest first (as the console lists them)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from journal" -f -a "show" -d 'One write: its LDIF and its undo'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from journal" -f -a "undo" -d 'Undo a write (previewed and confirmed like any write)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from tenants" -f -a "list" -d 'List them'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "list" -d 'List the groups (of a tenant in the ou layout)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "members" -d 'A group\'s members, streamed like `users list` (--effective: through nested groups)'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from deleted" -f -a "list" -d 'List the deleted objects (AD): name, last known parent, deletion time, objectGUID'
complete -c ldapdeck -n "__fish_ldapdeck_using_subcommand help; and __fish_seen_subcommand_from deleted" -f -a "restore" -d 'Bring a deleted object back by its objectGUID (reanimation: delete isDeleted, set distinguishedName), previewed, confirmed, journaled; undo deletes it again'

# Provider slugs, from the providers.toml in use.
function __ldapdeck_words
    set -l words (commandline -opc)
    set -e words[1]
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case --config
                set skip 1
            case '-*'
            case '*'
                echo $w
        end
    end
end
function __ldapdeck_at_slug
    set -l path (__ldapdeck_words)
    test (count $path) -gt 0; or return 1
    contains -- (string join ' ' $path) $argv
end
function __ldapdeck_slugs
    set -l words (commandline -opc)
    set -l i (contains -i -- --config $words)
    if test -n "$i"
        ldapdeck --config $words[(math $i + 1)] __complete-slugs 2>/dev/null
    else
        ldapdeck __complete-slugs 2>/dev/null
    end
end
complete -c ldapdeck -n "__ldapdeck_at_slug 'providers show' 'providers edit' 'providers clone' 'providers remove' 'providers enable' 'providers disable' 'providers export' 'test' 'users list' 'users get' 'users create' 'users modify' 'users delete' 'users enable' 'users passwd' 'users groups' 'users disable' 'users compare' 'users bulk' 'journal list' 'tenants list' 'groups list' 'groups members' 'search' 'entry' 'rootdse' 'schema' 'tree' 'deleted list' 'deleted restore' 'apply' 'authorize'" -f -a '(__ldapdeck_slugs)'
