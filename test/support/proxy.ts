// A small outbound HTTP proxy on loopback, as an office network's would be: it tunnels CONNECT requests (what
// undici's ProxyAgent sends, for http:// and https:// targets alike) and forwards absolute-URI requests. It
// records where each tunnel went and, when the tunnelled traffic is plain HTTP (the fake Bot API), the request
// lines inside it. `refuse` makes it answer CONNECT with 403, as a proxy that does not allow the host.
import { createServer, request, type Server } from "node:http";
import { connect, type Socket } from "node:net";

export interface OutboundProxy {
  url: string;
  /** "host:port" of every CONNECT. */
  tunnels: string[];
  /** "GET /bot…/getMe" lines seen inside tunnels, and absolute-URI requests forwarded. */
  requests: string[];
  refuse: boolean;
  close(): Promise<void>;
}

export async function startProxy(): Promise<OutboundProxy> {
  const sockets = new Set<Socket>();
  const state: Omit<OutboundProxy, "url" | "close"> = { tunnels: [], requests: [], refuse: false };
  const server: Server = createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "");
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    const where = req.url ?? "";
    state.tunnels.push(where);
    if (state.refuse) {
      client.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const [host, port] = [
      where.slice(0, where.lastIndexOf(":")),
      Number(where.slice(where.lastIndexOf(":") + 1)),
    ];
    const upstream = connect(port, host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("latin1").split("\r\n")) {
        const match = /^(GET|POST|HEAD|PUT) (\S+) HTTP\/1\.[01]$/.exec(line);
        if (match) state.requests.push(`${match[1]} ${match[2]}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
