-- POST a ~1 KB OpenAI streaming (SSE) chat body; bench/run.py and bench/paced_client.py read the body from here.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-client-key"
wrk.body = [[{"model": "bench-model-8b", "messages": [{"role": "system", "content": "You are a careful assistant for an internal platform team. Answer concisely, cite the runbook section when one applies, and never invent configuration keys that do not exist in the documentation you were given."}, {"role": "user", "content": "Our service calls an external API that sometimes answers 429 or 503. We retry immediately, up to five times, and during incidents the retries seem to make things worse."}, {"role": "assistant", "content": "Immediate retries multiply load exactly when the upstream is weakest. Use exponential backoff with jitter, cap the number of attempts, and honour Retry-After when it is present."}, {"role": "user", "content": "Makes sense. How should we pick the base delay and the cap, and should retries be shared across replicas through a budget so a fleet does not stampede the upstream after a short outage? Give a short checklist."}], "temperature": 0.2, "max_tokens": 256, "stream": true}]]

-- One machine-readable line for bench/run.py (latency in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
