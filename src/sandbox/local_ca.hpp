#pragma once
// The sandbox's local certificate authority. App teams point their clients at the sandbox under
// the platform's own host names, so it must serve TLS those clients accept: one CA per state
// folder, trusted once by the tests (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, ...), and a server
// certificate it signs for the configured names, reissued only when it has to be so that a
// restart does not churn files other processes may have loaded.
#include <filesystem>
#include <string>
#include <vector>

namespace loginkit::sandbox {

struct TlsFiles {
  std::filesystem::path ca_cert;  // PEM, what clients trust (NODE_EXTRA_CA_CERTS etc.)
  std::filesystem::path cert;     // server certificate chain PEM (leaf then CA)
  std::filesystem::path key;      // server private key PEM, mode 0600
  bool ca_created = false;        // true when this call made a new CA
};

// Makes state_dir (0700; a folder that already exists keeps its mode) and in it the CA (ca.pem,
// ca-key.pem 0600) when absent, and reuses them after; a CA that has expired (or does within a
// day) is replaced, since no client accepts it. A ca.pem without its ca-key.pem is an error, not
// a reason to make a CA the tests do not trust yet.
// Issues the server certificate (server.pem, server-key.pem 0600) for `hosts` (DNS names, with an
// optional leading "*.", as DNS SANs; IPv4/IPv6 literals as IP SANs; the first one is the CN),
// signed by the CA; reissues it when the host list differs from the certificate's SANs, it
// expires within a day, or it was not signed by the current CA; otherwise leaves it untouched.
// Files are replaced atomically, and calls on one state_dir are serialised with a lock file, so
// several sandboxes may start at once. Throws std::runtime_error naming the file and the failure
// (OpenSSL's error string included) on any error, e.g. an unreadable or corrupt CA file or an
// invalid host name.
TlsFiles ensure_tls(const std::filesystem::path& state_dir, const std::vector<std::string>& hosts);

}  // namespace loginkit::sandbox
