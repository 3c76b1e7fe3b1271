"""The chat client: the only module that imports ``openai`` (lazily, on first request).

Bridges gptfix and any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp's
server): streaming with progress, a timeout per request (``llm_timeout``), at most
:data:`MAX_RETRIES` retries on 429/5xx/timeouts (each reported through ``on_status``, so a
hanging endpoint costs at most timeout x 3), a cap on the answer's size, cancellation
from another thread, an on-disk answer cache keyed by the request, and token usage with
a cost estimate per answer. Every message is redacted (:mod:`gptfix.redact`) right
before it is sent, whatever built it. A failure is one :class:`LLMError` whose message
says the cause in one line: rate-limited (429), server error (5xx), timed out after N s,
malformed answer, answer too large, connection refused. The API key comes from the
caller or ``OPENAI_API_KEY`` at call time; it is never logged, cached or put in an error
message. Offline by default: :func:`configured` is False unless an endpoint or a key is
set, and nothing here runs then.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gptfix.errors import EXIT_LLM, GptfixError
from gptfix.llm.cache import AnswerCache
from gptfix.redact import redact
from gptfix.settings import Settings

#: retries after the first try (429, 5xx, timeouts, dropped connections)
MAX_RETRIES = 2
#: characters of answer accepted; a larger answer is refused, not applied
MAX_ANSWER_CHARS = 200_000
DEFAULT_ENDPOINT = "https://api.openai.com/v1"

#: USD per million tokens (input, output) for models with a published price.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "o4-mini": (1.10, 4.40),
}

_OLLAMA_PORT = ":11434"
_PLACEHOLDER_KEY = "not-needed"  # the SDK insists on a key, local servers ignore it


class LLMError(GptfixError):
    """The endpoint could not give an answer (unreachable, refused, timed out, malformed).

    ``message`` is the cause in one line; ``retryable`` errors are tried again.
    """

    def __init__(
        self, message: str, retryable: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message, EXIT_LLM)
        self.retryable = retryable
        self.retry_after = retry_after
        self.origin = "llm"  #: who failed, as the repair loop's rounds name it


class LLMCancelled(LLMError):
    """The request was cancelled by the caller."""


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None  #: None when the model's price is unknown

    def to_json(self) -> dict[str, Any]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
        }


@dataclass
class Completion:
    text: str
    model: str
    usage: Usage
    cached: bool = False
    duration_s: float = 0.0


def endpoint(settings: Settings) -> str:
    """Where requests go, as shown to the user (credentials in the URL hidden)."""
    import re

    return re.sub(r"//[^/@\s]+@", "//***@", settings.base_url or DEFAULT_ENDPOINT)


def api_key_from_env() -> str | None:
    return os.environ.get("OPENAI_API_KEY") or None


def configured(settings: Settings, api_key: str | None = None) -> bool:
    """True when an endpoint or a key is set: the only case gptfix talks to a network."""
    return bool(settings.base_url or api_key or api_key_from_env())


def price(model: str, usage: Usage) -> float | None:
    rates = PRICES.get(model)
    if rates is None:
        return None
    return round((usage.prompt_tokens * rates[0] + usage.completion_tokens * rates[1]) / 1e6, 6)


class ChatClient:
    """Send chat requests to the configured endpoint; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        *,
        api_key: str | None = None,
        timeout: float | None = None,
        max_retries: int = MAX_RETRIES,
        cache: AnswerCache | None = None,
        use_cache: bool = True,
        ollama: bool | None = None,
        max_answer_chars: int = MAX_ANSWER_CHARS,
    ) -> None:
        self.settings = settings
        self._key = api_key or api_key_from_env()
        self.timeout = float(timeout if timeout is not None else settings.llm_timeout)
        self.max_retries = max(0, max_retries)
        self.max_answer_chars = max_answer_chars
        self.cache = (cache or AnswerCache()) if use_cache else None
        self._sdk: Any = None
        self._ollama = ollama

    @property
    def is_ollama(self) -> bool:
        """Ollama (by its default port, unless told): needs its context size set."""
        if self._ollama is not None:
            return self._ollama
        return bool(self.settings.base_url and _OLLAMA_PORT in self.settings.base_url)

    @property
    def endpoint(self) -> str:
        return endpoint(self.settings)

    def request(self, messages: list[dict[str, str]], base: Path | None = None) -> dict[str, Any]:
        """The request body (without the key), also the cache key; every message redacted.

        ``base``: the script's folder, so paths in it are sent relative to it.
        """
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [
                {**m, "content": redact(m.get("content") or "", base).text} for m in messages
            ],
            "temperature": 0,
        }
        if self.is_ollama:
            # Ollama's default context is 2048 tokens and it silently drops the rest.
            body["extra_body"] = {"options": {"num_ctx": max(8192, 2 * self.settings.token_budget)}}
        return body

    def _client(self) -> Any:
        if self._sdk is None:
            import openai

            self._sdk = openai.OpenAI(
                api_key=self._key or _PLACEHOLDER_KEY,
                base_url=self.settings.base_url or None,
                timeout=self.timeout,
                max_retries=0,  # retried here, with progress, within a bounded time
            )
        return self._sdk

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        on_progress: Callable[[int], None] | None = None,
        cancel: threading.Event | None = None,
        on_status: Callable[[str], None] | None = None,
        base: Path | None = None,
    ) -> Completion:
        """Ask (streamed); ``on_progress(chars so far)``; raises :class:`LLMError`.

        ``on_status(line)`` hears each retry and why; ``base`` is the script's folder.
        """
        body = self.request(messages, base)
        cache_key = {**body, "base_url": self.settings.base_url or "https://api.openai.com/v1"}
        if self.cache is not None:
            hit = self.cache.get(cache_key)
            if hit is not None:
                usage = Usage(
                    **{
                        k: v
                        for k, v in (hit.get("usage") or {}).items()
                        if k in Usage.__dataclass_fields__
                    }
                )
                return Completion(hit["text"], self.settings.model, usage, cached=True)
        if cancel is not None and cancel.is_set():
            raise LLMCancelled("cancelled before the request was sent")
        started = time.monotonic()
        for attempt in range(self.max_retries + 1):
            try:
                text, usage = self._attempt(body, on_progress, cancel)
                break
            except LLMError as exc:
                if not exc.retryable or attempt >= self.max_retries:
                    if attempt:
                        exc.message += f" (tried {attempt + 1} times)"
                    raise
                wait = min(exc.retry_after if exc.retry_after is not None else 2.0**attempt, 10.0)
                if on_status is not None:
                    on_status(
                        f"{exc.message}; retrying in {wait:.0f} s "
                        f"({attempt + 1}/{self.max_retries})"
                    )
                if cancel is not None and cancel.wait(wait):
                    raise LLMCancelled("cancelled") from None
                if cancel is None:
                    time.sleep(wait)
        if not text.strip():
            raise LLMError(f"malformed answer from {self.endpoint}: it answered nothing")
        usage.cost_usd = price(self.settings.model, usage)
        if self.cache is not None:
            self.cache.put(
                cache_key, {"text": text, "model": self.settings.model, "usage": usage.to_json()}
            )
        return Completion(text, self.settings.model, usage, duration_s=time.monotonic() - started)

    def _attempt(
        self,
        body: dict[str, Any],
        on_progress: Callable[[int], None] | None,
        cancel: threading.Event | None,
    ) -> tuple[str, Usage]:
        """One try in a worker thread (so a cancel is heard while the socket waits)."""
        box: dict[str, Any] = {}
        done = threading.Event()
        holder: dict[str, Any] = {}

        def work() -> None:
            try:
                box["result"] = self._stream(body, on_progress, cancel, holder)
            except BaseException as exc:  # handed to the caller's thread
                box["error"] = exc
            finally:
                done.set()

        worker = threading.Thread(target=work, name="gptfix-llm-request", daemon=True)
        worker.start()
        while not done.wait(0.05):
            if cancel is not None and cancel.is_set():
                stream = holder.get("stream")
                if stream is not None:
                    try:
                        stream.close()
                    except Exception:
                        pass
                raise LLMCancelled("cancelled")
        if "error" in box:
            raise self._map_error(box["error"]) from None
        result: tuple[str, Usage] = box["result"]
        return result

    def _stream(
        self,
        body: dict[str, Any],
        on_progress: Callable[[int], None] | None,
        cancel: threading.Event | None,
        holder: dict[str, Any],
    ) -> tuple[str, Usage]:
        kwargs = dict(body)
        extra = kwargs.pop("extra_body", None)
        import openai

        options = {"extra_body": extra} if extra else {}
        try:
            stream = self._client().chat.completions.create(
                **kwargs, stream=True, stream_options={"include_usage": True}, **options
            )
        except openai.BadRequestError as exc:
            if "stream_options" not in str(exc):
                raise
            # some servers reject the usage option: ask again without it
            stream = self._client().chat.completions.create(**kwargs, stream=True, **options)
        holder["stream"] = stream
        parts: list[str] = []
        usage = Usage()
        size = 0
        for chunk in stream:
            if cancel is not None and cancel.is_set():
                stream.close()
                raise LLMCancelled("cancelled")
            if getattr(chunk, "usage", None):
                usage.prompt_tokens = chunk.usage.prompt_tokens or 0
                usage.completion_tokens = chunk.usage.completion_tokens or 0
            for choice in chunk.choices or []:
                delta = getattr(choice.delta, "content", None)
                if delta:
                    parts.append(delta)
                    size += len(delta)
                    if size > self.max_answer_chars:
                        stream.close()
                        raise LLMError(
                            f"answer too large from {self.endpoint}: over "
                            f"{self.max_answer_chars // 1000} kB; refused, nothing applied"
                        )
                    if on_progress is not None:
                        on_progress(size)
        return "".join(parts), usage

    def _map_error(self, exc: BaseException) -> BaseException:
        if isinstance(exc, LLMError):
            return exc
        import openai

        where = self.endpoint
        if isinstance(exc, openai.AuthenticationError):
            return LLMError(f"{where} refused the API key (401); set OPENAI_API_KEY")
        if isinstance(exc, openai.RateLimitError):
            return LLMError(
                f"rate-limited (429) by {where}", retryable=True, retry_after=_retry_after(exc)
            )
        if isinstance(exc, openai.APIStatusError):
            code = exc.status_code
            if code >= 500:
                return LLMError(
                    f"server error (HTTP {code}) from {where}",
                    retryable=True,
                    retry_after=_retry_after(exc),
                )
            return LLMError(f"{where} refused the request (HTTP {code})")
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(f"timed out after {self.timeout:g} s waiting for {where}", True)
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__ or exc.__context__
            while cause is not None and not isinstance(cause, OSError):
                cause = cause.__cause__ or cause.__context__
            if isinstance(cause, ConnectionRefusedError):
                return LLMError(f"connection refused by {where}")
            return LLMError(f"cannot reach {where} (connection failed)", True)
        if isinstance(exc, openai.APIError | ValueError | KeyError | AttributeError | TypeError):
            return LLMError(f"malformed answer from {where} ({type(exc).__name__})")
        return exc


def _retry_after(exc: Any) -> float | None:
    """Seconds the server asked to wait (``retry-after-ms`` / ``retry-after``), if any."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except (TypeError, ValueError):
        return None
    return None
