#!/bin/sh
# Install PostgreSQL (server binaries only; the tests start their own throw-away cluster)
# when running as root and it is missing. Idempotent and quiet; never fails the build:
# without PostgreSQL the PostgreSQL store tests skip with a reason.
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL missing and not root; PostgreSQL store tests will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }; then
    echo "postgres.sh: could not install postgresql; PostgreSQL store tests will skip" >&2
fi
# The package starts a system cluster we do not use.
if command -v pg_ctlcluster >/dev/null 2>&1; then
    for version in $(ls /usr/lib/postgresql 2>/dev/null); do
        pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
    done
fi
exit 0
