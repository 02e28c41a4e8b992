# crisisbot: the Discord bot, with the knowledge pack inside the image.
#   docker build -t crisisbot .
#   docker run -d --name crisisbot -e DISCORD_TOKEN=... -v crisisbot-data:/data crisisbot

# Build a wheel (the pack travels inside it as bot/knowledge; see pyproject.toml).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=build /wheels /wheels
# The sentence vectors of the pack's phrasings are computed once, here, so the
# bot starts in seconds; the folder stays writable for a pack mounted later.
ENV CRISISBOT_CACHE_DIR=/var/cache/crisisbot
# Install, then check the shipped pack (a broken pack fails the build, not the
# bot) and answer one question, which fills the vector cache.
RUN pip install --no-cache-dir /wheels/*.whl \
    && rm -rf /wheels \
    && crisisbot validate \
    && crisisbot ask --json "When did the hostage crisis begin?" > /dev/null \
    && groupadd --gid 10001 crisisbot \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin crisisbot \
    && mkdir -p /data \
    && chown crisisbot:crisisbot /data \
    && chown -R crisisbot:crisisbot /var/cache/crisisbot

# Per-server settings and logs live on a volume; the heartbeat is what the
# HEALTHCHECK reads (the bot touches it every 20 s while connected to Discord).
ENV CRISISBOT_DB=/data/crisisbot.sqlite3 \
    CRISISBOT_HEARTBEAT_FILE=/tmp/crisisbot.heartbeat
VOLUME ["/data"]
WORKDIR /home/crisisbot
USER 10001:10001

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["crisisbot", "health", "--max-age", "90"]

# SIGTERM (docker stop) closes the Discord connection cleanly.
STOPSIGNAL SIGTERM
CMD ["crisisbot", "run"]
