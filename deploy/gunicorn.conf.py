"""gunicorn settings for ThiDua (used by deploy/run-production and bench/portal).

Environment: THIDUA_BIND (default 127.0.0.1:8000), THIDUA_WORKERS (default 2 × CPUs + 1),
THIDUA_THREADS (default 1: sync workers), THIDUA_ACCESS_LOG ("-" for stdout, empty for none; the
lines never carry a query string or referrer, see access_log_format).

Background work (imports, dossiers, the portal's view-count flush, scheduled publishing) does not
run here but in `manage.py run_worker` processes (deploy/thidua-worker.service); a web host needs
at least one worker, which flushes the view counts its web processes spool."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("THIDUA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("THIDUA_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("THIDUA_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
backlog = 2048
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("THIDUA_MAX_REQUESTS", "0"))
max_requests_jitter = 100
preload_app = True
forwarded_allow_ips = os.environ.get("THIDUA_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("THIDUA_ACCESS_LOG") or None
# Access lines name the path only: no query string, no referrer, no header or cookie (gunicorn's
# default logs the whole request line and the Referer). Voting codes never travel in URLs (the
# conference's phone page takes them from the URL fragment and keeps them in a cookie), receipt
# codes are checked by POST, and this format keeps anything that ever did out of the logs too
# (docs/conference.md, "Secrecy").
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'
errorlog = "-"
proc_name = "thidua"
