#!/usr/bin/env bash
# Makes samples/keys/nexus-apt.asc, the apt signing key samples/nexus-push-setup.json names, so that the sample's
# `nexus-push setup --dry-run` works as shipped. THIS IS A THROW-AWAY SAMPLE KEY: its private half is public (it is
# committed), so never let a real repository sign with it — make your own with `gpg --full-generate-key` and export
# it with `gpg --armor --export-secret-keys KEYID`. Its passphrase is documented on purpose: throw-away-sample
# (APT_KEY_PASSPHRASE=throw-away-sample). The output is committed; re-run to make a new one. Needs gpg.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/keys"
home=$(mktemp -d)
trap 'gpgconf --homedir "$home" --kill all 2>/dev/null || true; rm -rf "$home"' EXIT
mkdir -p "$out"
passphrase=throw-away-sample

gpg --homedir "$home" --batch --pinentry-mode loopback --passphrase "$passphrase" \
    --quick-generate-key "nexus-push throw-away sample key (never for a real repository) <sample@invalid>" rsa3072 sign never
key=$(gpg --homedir "$home" --batch --list-keys --with-colons | awk -F: '/^fpr:/ { print $10; exit }')
gpg --homedir "$home" --batch --pinentry-mode loopback --passphrase "$passphrase" --armor --export-secret-keys "$key" > "$out/nexus-apt.asc"
cat > "$out/README.md" <<README
# A throw-away sample key

\`nexus-apt.asc\` is a THROW-AWAY SAMPLE KEY made by \`samples/make-sample-key.sh\` (passphrase \`$passphrase\`), so that
\`nexus-push setup --config samples/nexus-push-setup.json --dry-run\` works as shipped. Its private half is public:
never let a real repository sign with it. \`nexus-apt.pub.asc\` is its public half.
README
gpg --homedir "$home" --batch --armor --export "$key" > "$out/nexus-apt.pub.asc"
ls -l "$out"
