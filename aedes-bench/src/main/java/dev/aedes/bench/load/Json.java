package dev.aedes.bench.load;

import java.util.Locale;
import java.util.Map;

/** One flat JSON object on one line: strings, numbers, booleans and nulls. */
final class Json {
  private Json() {
  }

  static String line(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(field.getKey()).append("\":").append(value(field.getValue()));
    }
    return out.append('}').toString();
  }

  private static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = value.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    return '"' + text + '"';
  }
}
