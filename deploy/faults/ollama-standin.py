#!/usr/bin/env python3
"""A stand-in for Ollama, for the `ollama-slow` fault case (deploy/faults/cases-ddl-llm.sh).

Speaks the part of Ollama's HTTP API ai-service uses (/api/chat, /api/generate, /api/tags,
non-streaming). How it answers is read from a mode file at every request, so the case can
change it while the server runs:

  slow    answer /api/chat and /api/generate after SLOW_SECONDS (60), correctly
  error   answer them at once with HTTP 500
  ok      answer them at once with a text that holds no number (always grounded)

/api/tags always answers at once (the readiness probe). Every request is counted per mode in
<mode file>.log, one line each: "<mode> <path>". Usage: ollama-standin.py PORT MODE_FILE
"""
import json
import sys
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 60
TEXT = ("The detector flagged this activity; the evidence events listed with it show what happened, "
        "and an analyst should review them.")


class Handler(BaseHTTPRequestHandler):
    mode_file = ""

    def mode(self):
        try:
            with open(self.mode_file, encoding="utf-8") as f:
                return f.read().strip() or "ok"
        except OSError:
            return "ok"

    def send(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/api/tags"):
            self.send(200, {"models": [{"name": "llama3.2:latest", "model": "llama3.2:latest",
                                        "modified_at": "2026-11-25T00:00:00Z", "size": 1, "digest": "0",
                                        "details": {"format": "gguf"}}]})
        else:
            self.send(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        mode = self.mode()
        with open(self.mode_file + ".log", "a", encoding="utf-8") as log:
            log.write(f"{mode} {self.path}\n")
        if self.path not in ("/api/chat", "/api/generate"):
            self.send(404, {"error": "not found"})
            return
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
        elif mode == "error":
            self.send(500, {"error": "stand-in failing on purpose"})
            return
        now = datetime.now(timezone.utc).isoformat()
        body = {"model": request.get("model", ""), "created_at": now, "done": True, "done_reason": "stop",
                "total_duration": 1000000, "prompt_eval_count": 10, "eval_count": 10}
        if self.path == "/api/chat":
            body["message"] = {"role": "assistant", "content": TEXT}
        else:
            body["response"] = TEXT
        try:
            self.send(200, body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (its timeout): what the slow mode is for

    def log_message(self, fmt, *args):
        pass


def main():
    port, Handler.mode_file = int(sys.argv[1]), sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
