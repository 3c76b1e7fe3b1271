"""The real openai client against a local OpenAI-compatible server: streaming, retries,
errors, timeouts, cancellation, the answer cache, and what the requests carry."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply

from gptfix.llm.client import ChatClient, LLMCancelled, LLMError, configured
from gptfix.settings import Settings

MESSAGES = [{"role": "user", "content": "fix line 40"}]


def client_for(fake: FakeOpenAI, **kw) -> ChatClient:  # type: ignore[no-untyped-def]
    settings = Settings(base_url=fake.base_url, model=kw.pop("model", "gpt-4o-mini"))
    return ChatClient(settings, api_key=kw.pop("api_key", "sk-test-abcdefghijklmnopqrstuvwx"), **kw)


def test_streamed_answer_with_progress_and_usage(fake_llm: FakeOpenAI) -> None:
    answer = "Add a Flatten layer before the Dense layer.\n" * 5
    fake_llm.replies.append(Reply(answer, usage=(1000, 200)))
    seen: list[int] = []
    result = client_for(fake_llm).complete(MESSAGES, on_progress=seen.append)
    assert result.text == answer
    assert seen and seen[-1] == len(answer) and seen == sorted(seen) and len(seen) > 1
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (1000, 200)
    assert result.usage.cost_usd == pytest.approx((1000 * 0.15 + 200 * 0.60) / 1e6)
    body = fake_llm.requests[0]
    assert body["stream"] is True and body["model"] == "gpt-4o-mini"
    assert body["messages"] == MESSAGES
    # the key goes in the Authorization header only, never in the body
    assert "sk-test" not in str(body)
    assert fake_llm.headers[0]["authorization"] == "Bearer sk-test-abcdefghijklmnopqrstuvwx"


def test_rate_limit_then_success_is_retried(fake_llm: FakeOpenAI) -> None:
    fake_llm.replies += [Reply(status=429), Reply(status=429), Reply("fine")]
    assert client_for(fake_llm).complete(MESSAGES).text == "fine"
    assert len(fake_llm.requests) == 3


def test_server_error_gives_up_with_a_one_line_reason(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Reply(status=500)
    with pytest.raises(LLMError) as err:
        client_for(fake_llm, max_retries=1).complete(MESSAGES)
    assert "HTTP 500" in err.value.message and "\n" not in err.value.message
    assert len(fake_llm.requests) == 2


def test_rejected_key_is_never_echoed(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Reply(status=401)
    with pytest.raises(LLMError) as err:
        client_for(fake_llm, api_key="sk-secret-abcdefghijklmnopqrstu").complete(MESSAGES)
    assert "401" in err.value.message and "sk-secret" not in err.value.message


def test_timeout(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Reply("late", delay=1.5)
    started = time.monotonic()
    with pytest.raises(LLMError) as err:
        client_for(fake_llm, timeout=0.3, max_retries=0).complete(MESSAGES)
    assert "timed out after 0.3 s" in err.value.message
    assert time.monotonic() - started < 1.4


def test_garbage_answer(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Reply(garbage=True)
    with pytest.raises(LLMError) as err:
        client_for(fake_llm, max_retries=0).complete(MESSAGES)
    assert "\n" not in err.value.message


def test_empty_answer(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Reply("")
    with pytest.raises(LLMError, match="answered nothing"):
        client_for(fake_llm).complete(MESSAGES)


def test_cancellation_stops_a_slow_stream(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = Reply("x" * 16 * 200, chunk_delay=0.05)  # ~10 s of streaming
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(LLMCancelled):
        client_for(fake_llm).complete(MESSAGES, cancel=cancel)
    assert time.monotonic() - started < 2.0


def test_same_question_is_answered_from_the_cache(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    fake_llm.replies.append(Reply("cached answer"))
    first = client_for(fake_llm).complete(MESSAGES)
    second = client_for(fake_llm).complete(MESSAGES)
    assert (first.cached, second.cached) == (False, True)
    assert second.text == "cached answer" and len(fake_llm.requests) == 1
    stored = "".join(p.read_text() for p in (tmp_path / "gptfix-cache").rglob("*.json"))
    assert "cached answer" in stored and "sk-test" not in stored
    other = [{"role": "user", "content": "another question"}]
    client_for(fake_llm).complete(other)
    assert len(fake_llm.requests) == 2


def test_ollama_gets_an_explicit_context_size(fake_llm: FakeOpenAI) -> None:
    settings = Settings(base_url="http://localhost:11434/v1", token_budget=6000)
    assert ChatClient(settings).is_ollama
    fake_llm.replies.append(Reply("ok"))
    client_for(fake_llm, ollama=True).complete(MESSAGES)
    assert fake_llm.requests[0]["options"]["num_ctx"] >= 12000
    client_for(fake_llm).complete([{"role": "user", "content": "other"}])
    assert "options" not in fake_llm.requests[1]


def test_offline_by_default() -> None:
    assert not configured(Settings())
    assert configured(Settings(base_url="http://127.0.0.1:1/v1"))


def test_server_without_stream_options(fake_llm: FakeOpenAI) -> None:
    fake_llm.reject_stream_options = True
    fake_llm.replies.append(Reply("still answered"))
    result = client_for(fake_llm).complete(MESSAGES)
    assert result.text == "still answered"
    assert "stream_options" in fake_llm.requests[0] and "stream_options" not in fake_llm.requests[1]
