#include "web/bar_chart.hpp"

#include <algorithm>

#include "web/templates.hpp"

namespace loginkit::web {

std::string stacked_bar_chart_svg(const std::string& id, const std::string& title,
                                  const std::vector<Bar>& bars) {
  constexpr int kHeight = 120, kBarWidth = 14, kGap = 4, kAxis = 16;
  std::int64_t peak = 1;
  for (const auto& b : bars) peak = std::max(peak, b.lower + b.upper);
  int width = static_cast<int>(bars.size()) * (kBarWidth + kGap) + kGap;
  std::string svg = "<svg id=\"" + escape_html(id) + "\" role=\"img\" aria-label=\"" +
                    escape_html(title) + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(kHeight + kAxis) + "\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(kHeight + kAxis) +
                    "\"><title>" + escape_html(title) + "</title>";
  svg += "<line x1=\"0\" y1=\"" + std::to_string(kHeight) + "\" x2=\"" + std::to_string(width) +
         "\" y2=\"" + std::to_string(kHeight) + "\" stroke=\"#98a2b3\"/>";
  int x = kGap;
  for (const auto& b : bars) {
    auto h = [&](std::int64_t v) { return static_cast<int>(v * (kHeight - 4) / peak); };
    int lower = h(b.lower), upper = h(b.upper);
    std::string tip = "<title>" + escape_html(b.label) + ": " + std::to_string(b.lower) +
                      " accepted, " + std::to_string(b.upper) + " refused</title>";
    svg += "<g><rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(kHeight - lower) +
           "\" width=\"" + std::to_string(kBarWidth) + "\" height=\"" + std::to_string(lower) +
           "\" fill=\"#12b76a\"/><rect x=\"" + std::to_string(x) + "\" y=\"" +
           std::to_string(kHeight - lower - upper) + "\" width=\"" + std::to_string(kBarWidth) +
           "\" height=\"" + std::to_string(upper) + "\" fill=\"#f04438\"/>" + tip + "</g>";
    x += kBarWidth + kGap;
  }
  if (!bars.empty()) {
    svg += "<text x=\"" + std::to_string(kGap) + "\" y=\"" + std::to_string(kHeight + 12) +
           "\" font-size=\"10\" fill=\"#5c5f6b\">" + escape_html(bars.front().label) + "</text>";
    svg += "<text x=\"" + std::to_string(width - kGap) + "\" y=\"" + std::to_string(kHeight + 12) +
           "\" font-size=\"10\" fill=\"#5c5f6b\" " + "text-anchor=\"end\">" +
           escape_html(bars.back().label) + "</text>";
  }
  svg +=
      "</svg><p class=\"muted\">Green: accepted v1 calls; red: refused by the sunset policy.</p>";
  return svg;
}

}  // namespace loginkit::web
