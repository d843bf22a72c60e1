"""A stand-in for adulib's local model server process, for tests that must run without adulib's `local` extra.

    python tools/stand_in_llama_server.py PORT [DIE_AT]

It serves `POST /v1/chat/completions` on 127.0.0.1:PORT, answering every request with "You said: <last message>",
and logs each answer as llama.cpp's server does (a `print_timing: ... total time = ...` line). With DIE_AT = n > 0,
it dies of a segmentation fault (SIGSEGV) on its n-th chat completion, as a crash of the engine would.
"""
import ctypes, http.server, json, sys

port, die_at = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0
received = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global received
        received += 1
        if received == die_at: ctypes.string_at(0)  # read address 0: a real segmentation fault, as in a native crash
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps({
            "id": "stand-in", "object": "chat.completion", "created": 0, "model": request.get("model", "stand-in"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": f"You said: {request['messages'][-1]['content']}"}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
        print(f"slot print_timing: id  0 | task {received} |       total time =       0.00 ms /     2 tokens", flush=True)  # before the answer: counted once it is seen
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args): pass  # llama.cpp's server keeps no access log


print(f"stand-in llama.cpp server on port {port}", flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
