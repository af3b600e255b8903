// The page renderer's escaping (src/web/templates.hpp: every {{value}} is HTML-escaped).
// Renders the "error" page alone and inside the layout with hostile title, message, log_id and
// csrf values. Property: the output is exactly the page rendered with inert markers, each marker
// replaced by the HTML-escaped value (after printable_utf8, which every value goes through), so
// no '<', '>', '"', "'" or '&' from a value ever reaches the page unescaped, no mustache tag
// inside a value is ever expanded, and the page stays valid UTF-8 whatever the bytes.
#include <string>

#include "core/utf8.hpp"
#include "fuzz_common.hpp"
#include "web/templates.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

constexpr const char* kMarkers[] = {"LKFUZZMARKTITLE", "LKFUZZMARKMESSAGE", "LKFUZZMARKLOGID",
                                    "LKFUZZMARKCSRF"};

// The HTML escaping the contract promises; `apos` is how the single quote is spelled, since
// "&#39;" and "&apos;" are equally safe.
std::string escape(std::string_view text, std::string_view apos) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += apos;
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// One pass over the skeleton, so marker text inside a value is never substituted again.
std::string substitute(std::string_view page, const std::vector<std::string_view>& values,
                       std::string_view apos) {
  constexpr std::string_view kMarkerStem = "LKFUZZMARK";
  std::string out;
  std::size_t pos = 0;
  for (auto hit = page.find(kMarkerStem); hit != std::string_view::npos;
       hit = page.find(kMarkerStem, pos)) {
    out.append(page.substr(pos, hit - pos));
    pos = hit;
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::string_view marker = kMarkers[i];
      if (page.substr(hit).starts_with(marker)) {
        out += escape(printable_utf8(values[i]), apos);
        pos = hit + marker.size();
        break;
      }
    }
    if (pos == hit) {  // the stem without a known marker: keep it as text
      out.append(kMarkerStem);
      pos = hit + kMarkerStem.size();
    }
  }
  out.append(page.substr(pos));
  return out;
}

bool escaped_as_promised(const std::string& got, const std::string& skeleton,
                         const std::vector<std::string_view>& values) {
  return got == substitute(skeleton, values, "&#39;") ||
         got == substitute(skeleton, values, "&apos;");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  std::uint8_t flags = take_flags(input);
  auto fields = split_fields(input, 4);
  std::vector<std::string_view> values(fields.begin(), fields.end());

  // 1. The error template alone.
  web::Values hostile{{"title", std::string(values[0])},
                      {"message", std::string(values[1])},
                      {"log_id", std::string(values[2])}};
  web::Values inert{{"title", kMarkers[0]}, {"message", kMarkers[1]}, {"log_id", kMarkers[2]}};
  std::string got = web::render("error", hostile);
  std::string skeleton = web::render("error", inert);
  FUZZ_CHECK(escaped_as_promised(got, skeleton, {values[0], values[1], values[2]}));

  // 2. The whole page: title in <title> and <h1>, csrf in the layout's sign-out form.
  web::Values layout_hostile{{"csrf", std::string(values[3])},
                             {"signed_in", (flags & 1) != 0},
                             {"portal", (flags & 2) != 0},
                             {"wide", (flags & 4) != 0}};
  web::Values layout_inert = layout_hostile;
  layout_inert.insert_or_assign("csrf", kMarkers[3]);
  web::Values body_hostile{{"message", std::string(values[1])}, {"log_id", std::string(values[2])}};
  web::Values body_inert{{"message", kMarkers[1]}, {"log_id", kMarkers[2]}};
  body_hostile.insert_or_assign("title", std::string(values[0]));
  body_inert.insert_or_assign("title", kMarkers[0]);
  std::string page =
      web::render_page("error", std::string(values[0]), body_hostile, layout_hostile);
  std::string page_skeleton = web::render_page("error", kMarkers[0], body_inert, layout_inert);
  FUZZ_CHECK(escaped_as_promised(page, page_skeleton, values));

  // 3. escape_html itself: no markup character survives, and it is the promised mapping.
  std::string esc = web::escape_html(input);
  FUZZ_CHECK(esc.find_first_of("<>\"'") == std::string::npos);
  FUZZ_CHECK(esc == escape(input, "&#39;"));
  return 0;
}
