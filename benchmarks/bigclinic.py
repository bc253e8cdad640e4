"""Seed a clinic of a given size fast (COPY and INSERT … SELECT), with rows the app's constraints accept.

`seed(size)` fills an empty clinic (reference data from the migrations only): artists with working
hours Monday-Saturday 09:00-18:00, clients, treatment plans with their sessions, consultations and
quotes. Appointments lie on a regular daily pattern per artist over `years`, two thirds in the past,
so any day in the booking window is as busy as a real clinic's.
"""

import io
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# Per artist and working day: a 3-hour session on "session days", and consultations on the hour.
SESSION_START = time(9)
CONSULTATION_HOURS = (9, 10, 11, 13, 14, 15, 16)
SESSION_DAY_CONSULTATIONS = (13, 14, 15, 16)


@dataclass(frozen=True)
class Size:
    artists: int
    clients: int
    appointments: int
    quotes: int
    years: float = 3


LARGE = Size(artists=50, clients=100_000, appointments=200_000, quotes=20_000)
# As many artists and as busy a diary around today as the large clinic (its walk starts a week back, its 6,000
# rows reach past the benchmarks' busy day a week or two ahead), with 1/30 of the rows: the same pages have
# the same kinds of rows to show at both sizes, so their query counts can be compared.
SMALL = Size(artists=50, clients=1_000, appointments=6_000, quotes=200, years=7 / 243)


def seed(size: Size, *, today: date, rng: random.Random) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        artists = _artists(cur, size.artists)
        insert_clients(cur, first=1, last=size.clients)
        _appointments(cur, size, artists, today=today, rng=rng)
        _quotes(cur, size.quotes, today=today)
        cur.execute("ANALYZE")


def _artists(cur, count: int) -> list[int]:
    cur.execute(
        """
        INSERT INTO bookings_artist (display_name, calendar_colour, is_active, buffer_minutes, calendar_secret, bio, photo)
        SELECT 'Artist ' || lpad(n::text, 2, '0'), '#' || lpad(to_hex((n * 2654435761) %% 16777216), 6, '0'),
               true, 15, md5(random()::text), '', ''
        FROM generate_series(1, %s) AS n RETURNING id
        """,
        [count],
    )
    ids = sorted(row[0] for row in cur.fetchall())
    cur.execute(
        """
        INSERT INTO bookings_workinghours (artist_id, weekday, start_time, end_time)
        SELECT a, d, '09:00', '18:00' FROM unnest(%s::bigint[]) AS a, generate_series(0, 5) AS d
        """,
        [ids],
    )
    return ids


def insert_clients(cur, *, first: int, last: int) -> None:
    """Clients number `first`..`last`: realistic-looking, distinct names, e-mails and phones."""
    cur.execute(
        """
        INSERT INTO clients_client (full_name, email, phone, concern, contact_consent, marketing_consent,
                                    address, area_notes, hair_loss_scale, created_at, updated_at)
        SELECT (ARRAY['Alex','Sam','Jamie','Robin','Casey','Jordan','Morgan','Riley'])[1 + n %% 8]
               || ' ' || (ARRAY['Smith','Jones','Taylor','Brown','Williams','Wilson','Walsh','Okafor'])[1 + (n / 8) %% 8]
               || ' ' || n,
               'client' || n || '@example.com',
               '+447911' || lpad((n %% 1000000)::text, 6, '0'),
               'crown', true, false, '', '', '', now(), now()
        FROM generate_series(%s, %s) AS n
        """,
        [first, last],
    )


def _appointments(cur, size: Size, artists: list[int], *, today: date, rng: random.Random) -> None:
    """Walk working days from the oldest, artist by artist, until `size.appointments` rows."""
    from bookings.models import Service
    from clinic.clock import clinic_tz

    tz = clinic_tz()
    cur.execute("SELECT id, slug, duration_minutes, buffer_minutes FROM bookings_service")
    services = {slug: (pk, duration, buffer) for pk, slug, duration, buffer in cur.fetchall()}
    consultation = services[Service.CONSULTATION]
    session = next(v for k, v in services.items() if k != Service.CONSULTATION and v[1] >= 150)
    cur.execute("SELECT min(id), max(id) FROM clients_client")
    low, high = cur.fetchone()
    now = datetime.now(tz)
    first = today - timedelta(days=round(365 * size.years * 2 / 3))

    rows: list[dict] = []
    sessions_by_artist: dict[int, int] = {}
    plan_clients: dict[tuple[int, int], int] = {}  # (artist, nth plan) -> client; each plan its own client
    day = first
    while len(rows) < size.appointments:
        if day.weekday() < 6:
            for position, artist in enumerate(artists):
                session_day = (day.toordinal() + position) % 3 == 0
                if session_day:
                    n = sessions_by_artist.get(artist, 0)
                    sessions_by_artist[artist] = n + 1
                    key = (artist, n // 3)
                    client = plan_clients.setdefault(key, low + len(plan_clients))
                    rows.append(_row(day, SESSION_START, session, artist, client, tz, now, plan=(key, n % 3 + 1)))
                for hour in SESSION_DAY_CONSULTATIONS if session_day else CONSULTATION_HOURS[:5]:
                    rows.append(_row(day, time(hour), consultation, artist, rng.randint(low, high), tz, now))
        day += timedelta(days=1)
    rows = rows[: size.appointments]
    plan_ids = _plans(cur, rows, now)
    buffer = io.StringIO()
    for r in rows:
        plan, number = "\\N", "\\N"
        if r["plan"] is not None:
            plan, number = str(plan_ids[r["plan"][0]]), str(r["plan"][1])
        buffer.write(
            "\t".join(
                (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    r["start"].isoformat(),
                    r["end"].isoformat(),
                    r["blocked"].isoformat(),
                    r["status"],
                    number,
                    "",
                    r["source"],
                    "0",
                    r["created"].isoformat(),
                    r["created"].isoformat(),
                    r["cancelled"].isoformat() if r["cancelled"] else "\\N",
                    str(r["client"]),
                    str(r["artist"]),
                    str(r["service"]),
                    plan,
                    "",
                    "",
                    "",
                    "",
                )
            )
            + "\n"
        )
    buffer.seek(0)
    cur.copy_expert(
        """COPY bookings_appointment (public_id, start, "end", blocked_until, status, session_number,
           spacing_override_reason, source, sequence, created_at, updated_at, cancelled_at, client_id,
           artist_id, service_id, plan_id, booked_name, booked_phone, booked_email, patch_test_override_reason)
           FROM STDIN""",
        buffer,
    )


def _row(day, wall, service, artist, client, tz, now, *, plan=None) -> dict:
    pk, duration, buffer = service
    start = datetime.combine(day, wall, tzinfo=tz)
    end = start + timedelta(minutes=duration)
    past = start < now
    # Deterministic spreads (no draw from `rng`, so the rest of the seed is unchanged): booked 1-28 days ahead,
    # mostly online, some by staff or the API; one past consultation in 25 cancelled, most of those late.
    spread = artist * 31 + start.toordinal() + start.hour
    status = ("attended" if spread % 17 else "no_show") if past else "booked"
    cancelled = None
    if past and plan is None and spread % 25 == 0:
        status, cancelled = "cancelled", start - timedelta(hours=2 + spread % 70)
    created = min(now, start - timedelta(days=1 + (client * 7 + start.toordinal()) % 28))
    return {
        "start": start,
        "end": end,
        "blocked": end + timedelta(minutes=max(buffer, 15)),
        "status": status,
        "service": pk,
        "artist": artist,
        "client": client,
        "plan": plan,
        "source": "api" if spread % 20 == 0 else "staff" if spread % 20 < 6 else "online",
        "created": min(created, cancelled) if cancelled else created,
        "cancelled": cancelled,
    }


def _plans(cur, rows: list[dict], now: datetime) -> dict[tuple[int, int], int]:
    """One three-session plan per key; completed when its last session is past, else in progress."""
    last: dict[tuple[int, int], tuple[datetime, int, int]] = {}
    for r in rows:
        if r["plan"] is not None:
            key = r["plan"][0]
            last[key] = max(
                last.get(key, (r["start"], r["artist"], r["client"])), (r["start"], r["artist"], r["client"])
            )
    keys = list(last)
    cur.execute(
        """
        INSERT INTO bookings_treatmentplan (treatment_type, session_count, fourth_session_reason, status, notes,
                                            created_at, completed_at, artist_id, client_id)
        SELECT 'full_head', 3, '', CASE WHEN done IS NULL THEN 'active' ELSE 'completed' END, '', now(), done, a, c
        FROM unnest(%s::bigint[], %s::bigint[], %s::timestamptz[]) WITH ORDINALITY AS t(a, c, done, ord)
        ORDER BY ord RETURNING id
        """,
        [
            [last[k][1] for k in keys],
            [last[k][2] for k in keys],
            [last[k][0] if last[k][0] < now else None for k in keys],
        ],
    )
    ids = sorted(row[0] for row in cur.fetchall())  # ids are drawn in ORDER BY order
    return dict(zip(keys, ids, strict=True))


def _quotes(cur, count: int, *, today: date) -> None:
    """Issued, accepted and expired quotes with two lines each; numbers gapless per year."""
    cur.execute(
        """
        WITH q AS (
            SELECT n, (1 + (n * 7919) %% (SELECT count(*) FROM clients_client))::bigint AS client_rank,
                   (%s::date - (n %% 1000)) AS issued_on,
                   (ARRAY[900, 1250, 1650, 2100, 2600, 3000])[1 + n %% 6]::numeric AS subtotal
            FROM generate_series(1, %s) AS n
        ), numbered AS (
            SELECT q.*, extract(year FROM issued_on)::int AS yr,
                   row_number() OVER (PARTITION BY extract(year FROM issued_on) ORDER BY n) AS seq
            FROM q
        ), clients AS (
            SELECT id, row_number() OVER (ORDER BY id) AS rank FROM clients_client
        )
        INSERT INTO quotes_quote (status, treatment_type, session_count, extent_scale, extent_stage,
                                  override_reason, computed_subtotal, subtotal, vat_rate, vat_amount, total,
                                  deposit, year, sequence, number, version, issued_at, valid_until, pdf,
                                  pdf_sha256, accepted_name, created_at, client_id, accepted_at, public_id)
        SELECT CASE WHEN n %% 3 = 0 THEN 'accepted' WHEN issued_on + 30 < %s::date THEN 'expired' ELSE 'issued' END,
               'full_head', 3, 'norwood', 5, '', subtotal, subtotal, 0, 0, subtotal, 200, yr, seq,
               'Q-' || yr || '-' || lpad(seq::text, 4, '0'), 1, issued_on + time '10:00', issued_on + 30, '', '',
               CASE WHEN n %% 3 = 0 THEN 'Accepted Name' ELSE '' END, issued_on + time '10:00', clients.id,
               CASE WHEN n %% 3 = 0 THEN issued_on + time '12:00' END, gen_random_uuid()
        FROM numbered JOIN clients ON clients.rank = numbered.client_rank
        """,
        [today, count, today],
    )
    cur.execute(
        """
        INSERT INTO quotes_quoteline (quote_id, position, description, amount)
        SELECT id, p, CASE p WHEN 1 THEN 'Full head, Norwood 5' ELSE 'Deposit note' END,
               CASE p WHEN 1 THEN subtotal ELSE 0 END
        FROM quotes_quote, generate_series(1, 2) AS p
        """
    )
    # The ledger: a deposit when each accepted quote is accepted, the rest paid a month later (if that is past),
    # and one payment in 25 refunded a fortnight after it.
    cur.execute(
        """
        INSERT INTO payments_ledgerentry (kind, amount, method, reference, note, recorded_at, quote_id)
        SELECT 'deposit', deposit, 'card_desk', '', '', accepted_at + interval '1 hour', id
        FROM quotes_quote WHERE status = 'accepted'
        UNION ALL
        SELECT 'payment', total - deposit, 'bank_transfer', '', '', accepted_at + interval '30 days', id
        FROM quotes_quote WHERE status = 'accepted' AND accepted_at + interval '30 days' < now()
        """
    )
    cur.execute(
        """
        INSERT INTO payments_ledgerentry (kind, amount, method, reference, note, recorded_at, quote_id, refunds_id)
        SELECT 'refund', amount, method, '', 'Bench refund', recorded_at + interval '14 days', quote_id, id
        FROM payments_ledgerentry
        WHERE kind = 'payment' AND id % 25 = 0 AND recorded_at + interval '14 days' < now()
        """
    )
    cur.execute(
        """
        INSERT INTO quotes_quotecounter (year, last)
        SELECT year, max(sequence) FROM quotes_quote WHERE year IS NOT NULL GROUP BY year
        ON CONFLICT (year) DO UPDATE SET last = EXCLUDED.last
        """
    )
