"""The matcher: the one process that loads the sentence model, and holds every stored vector
of it, so that web processes and workers ask it over loopback HTTP and stay small.

    GET  /health                       {"status": "ok", "model", "vectors", "claims", ...}
    POST /search {"text", "limit"}     {"model", "results": [{"claim", "score"}]}
    POST /embed  {"texts": [...]}      {"model", "vectors": [[...], ...]}

It starts listening at once and loads the model (and then the vectors) in the background:
until then, or for good when the model is missing or fails to load, /search and /embed
answer 503 {"error": "loading" | "no_model", "detail": why}, which clients show as the
reason suggestions match wording alone. Bad requests get a 4xx with {"error", "detail"}.
The model is never downloaded: the Hugging Face libraries are told to stay offline before
they are imported.
"""

import json
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
from django.conf import settings
from django.db import close_old_connections

from .embedding import model_folder, model_name
from .vectors import Vectors

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_LIMIT = 1000
# Threads answering requests; each keeps its database connection between requests.
THREADS = 8
# Seconds a client may take to send its request before its connection is dropped.
CLIENT_TIMEOUT = 30
# For tests only: seconds each /embed request waits before it is answered, so that a test
# can kill a worker while it waits for vectors.
TEST_DELAY_VARIABLE = "SIMILAR_MATCHER_TEST_EMBED_DELAY"


class Refused(Exception):
    def __init__(self, status: HTTPStatus, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


class Engine:
    """The model and the vectors, loaded once in the background."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.name = model_name(setting)
        self.model = None
        self.vectors = Vectors(self.name)
        self.state = "loading"
        self.detail = f"the model {self.name} is loading"
        self.embed_delay = float(os.environ.get(TEST_DELAY_VARIABLE) or 0)

    def load(self) -> None:
        started = time.monotonic()
        try:
            folder = model_folder(self.setting)
            # Never a download, whatever the model's files say.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except Exception as error:  # any failure leaves the matcher up, answering "no model"
            self.state, self.detail = "no_model", f"{self.name} did not load: {error}"
            logger.error("The matcher has no model: %s", self.detail)
            return
        logger.info("Loaded %s in %.1f s", folder, time.monotonic() - started)
        try:
            self.vectors.refresh()
        except Exception:  # the next search reads them again
            logger.exception("The stored vectors could not be read yet")
        finally:
            close_old_connections()
        self.state, self.detail = "ok", ""

    def require_model(self) -> None:
        if self.state != "ok":
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, self.state, self.detail)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)

    def health(self) -> tuple[HTTPStatus, dict]:
        if self.state != "ok":
            answer = {"status": self.state, "error": self.state, "detail": self.detail}
            return HTTPStatus.SERVICE_UNAVAILABLE, answer | {"model": self.name}
        return HTTPStatus.OK, {"status": "ok", "model": self.name, **self.vectors.counts()}

    def search(self, payload: dict) -> dict:
        text = _text(payload.get("text"), "text")
        limit = payload.get("limit", 10)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
            raise Refused(HTTPStatus.BAD_REQUEST, "bad_limit", f"limit is 1 to {MAX_LIMIT}.")
        self.require_model()
        self.vectors.refresh()
        query = self.encode([text])[0]
        return {"model": self.name, "results": self.vectors.search(query, limit)}

    def embed(self, payload: dict) -> dict:
        texts = payload.get("texts")
        if not isinstance(texts, list) or not texts:
            raise Refused(HTTPStatus.BAD_REQUEST, "texts_required", "Give texts: a list.")
        if len(texts) > settings.SIMILAR_EMBED_BATCH:
            raise Refused(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                "too_many_texts",
                f"Give at most {settings.SIMILAR_EMBED_BATCH} texts a request.",
            )
        texts = [_text(text, "texts") for text in texts]
        self.require_model()
        if self.embed_delay:
            time.sleep(self.embed_delay)
        return {"model": self.name, "vectors": self.encode(texts).tolist()}


def _text(value, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Refused(HTTPStatus.BAD_REQUEST, "text_required", f"{name}: give non-empty text.")
    if len(value) > settings.SIMILAR_TEXT_MAX_CHARS:
        raise Refused(
            HTTPStatus.BAD_REQUEST,
            "text_too_long",
            f"{name}: at most {settings.SIMILAR_TEXT_MAX_CHARS:,} characters a text.",
        )
    return value


class Handler(BaseHTTPRequestHandler):
    server: "MatcherServer"
    timeout = CLIENT_TIMEOUT
    protocol_version = "HTTP/1.1"
    # An answer goes out as two writes, its headers and its body: with Nagle's algorithm the
    # body waited for the client to acknowledge the headers, which it delays by up to 40 ms.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        if self.path != "/health":
            self._send(HTTPStatus.NOT_FOUND, {"error": "not_found", "detail": "No such path."})
            return
        self._send(*self.server.engine.health())

    def do_POST(self) -> None:
        routes = {"/search": self.server.engine.search, "/embed": self.server.engine.embed}
        route = routes.get(self.path)
        try:
            if route is None:
                raise Refused(HTTPStatus.NOT_FOUND, "not_found", "No such path.")
            self._send(HTTPStatus.OK, route(self._payload()))
        except Refused as refused:
            self._send(refused.status, {"error": refused.code, "detail": refused.detail})
        except Exception:
            logger.exception("The matcher failed to answer %s", self.path)
            self._send(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                {"error": "internal", "detail": "The matcher failed; its log says why."},
            )

    def _payload(self) -> dict:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise Refused(
                HTTPStatus.LENGTH_REQUIRED, "length_required", "Send a Content-Length."
            ) from None
        if length > MAX_BODY_BYTES:
            # The body is left unread, so the connection cannot carry another request.
            self.close_connection = True
            raise Refused(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                "body_too_large",
                f"A request body is at most {MAX_BODY_BYTES:,} bytes.",
            )
        try:
            payload = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            raise Refused(HTTPStatus.BAD_REQUEST, "bad_json", "The body is not JSON.") from None
        if not isinstance(payload, dict):
            raise Refused(HTTPStatus.BAD_REQUEST, "bad_json", "The body is not a JSON object.")
        return payload

    def _send(self, status: HTTPStatus, answer: dict) -> None:
        body = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


class MatcherServer(HTTPServer):
    """An HTTP server answering from a fixed pool of threads, so each thread keeps its
    database connection instead of opening one a request."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], engine: Engine) -> None:
        super().__init__(address, Handler)
        self.engine = engine
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="matcher")

    def process_request(self, request, client_address) -> None:
        self.pool.submit(self._answer, request, client_address)

    def _answer(self, request, client_address) -> None:
        close_old_connections()
        try:
            self.finish_request(request, client_address)
        except Exception:  # a client that hangs up must not end the thread
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            close_old_connections()

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)


def serve(host: str, port: int, *, ready=None) -> None:
    """Answer at host:port until interrupted; the model loads while it already answers."""
    engine = Engine(settings.SIMILAR_MODEL)
    server = MatcherServer((host, port), engine)
    threading.Thread(target=engine.load, name="matcher-load", daemon=True).start()
    logger.info("The matcher answers at http://%s:%s/ (model %s)", host, port, engine.name)
    if ready is not None:
        ready()
    try:
        server.serve_forever()
    finally:
        server.server_close()
