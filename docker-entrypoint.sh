#!/bin/sh
# Runs before the container's command.
set -e

# Fail fast, with one line naming the variable, on a missing or malformed
# setting (the same checks gunicorn.conf.py and the Django settings make).
python gunicorn.conf.py

# Migrations run here only when asked, so several web containers never race.
if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
