// What an /etc/hosts line plus a port forward do for a process: connections to the platform's
// host names on port 443 go to the sandbox's loopback port instead. Nothing else changes: TLS
// still names the platform host (SNI) and the certificate is checked against it, with the trust
// the process already has (the sandbox's CA through NODE_EXTRA_CA_CERTS, or `ca` given here).
//
// Node's fetch keeps its dispatcher under a global symbol; this swaps in one with a custom
// connector. The client library under test is not touched.
import net from "node:net";
import tls from "node:tls";

const DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/** Routes `hosts` (port 443) to 127.0.0.1:`port`; `ca` (PEM) is optional extra trust. */
export async function installPlatformDispatcher({ port, hosts, ca }) {
  await fetch("data:,").catch(() => {}); // loads Node's fetch, which sets its default dispatcher
  const Agent = globalThis[DISPATCHER].constructor;
  const mapped = new Set(hosts);
  globalThis[DISPATCHER] = new Agent({
    connect(opts, callback) {
      const https = opts.protocol === "https:";
      const platform = https && mapped.has(opts.hostname) && (opts.port === "" || opts.port === "443");
      const target = platform
        ? { host: "127.0.0.1", port: Number(port) }
        : { host: opts.hostname, port: Number(opts.port || (https ? 443 : 80)) };
      let done = false;
      const finish = (err, socket) => {
        if (done) return;
        done = true;
        callback(err, err ? null : socket);
      };
      const socket = https
        ? tls.connect({
            ...target,
            servername: opts.servername || opts.hostname,
            ALPNProtocols: ["http/1.1"],
            ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
          })
        : net.connect(target);
      socket.setNoDelay(true);
      socket.once(https ? "secureConnect" : "connect", () => finish(null, socket));
      socket.once("error", (e) => finish(e));
    },
  });
}

// `node --import ./platform-dispatcher.mjs app.mjs`: configured from the sandbox's environment
// lines (sandbox.env), as a team's CI step would run its own app.
if (process.env.LOGINKIT_SANDBOX_PORT && process.env.LOGINKIT_SANDBOX_HOSTS && process.env.SANDBOX_DISPATCHER_AUTO) {
  await installPlatformDispatcher({
    port: process.env.LOGINKIT_SANDBOX_PORT,
    hosts: process.env.LOGINKIT_SANDBOX_HOSTS.split(" "),
  });
}
