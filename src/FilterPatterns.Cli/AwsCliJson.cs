using System.Globalization;
using System.Text;

namespace FilterPatterns.Cli;

/// <summary>
/// Writes JSON the way the AWS CLI prints responses (Python's <c>json.dumps(indent=4, ensure_ascii=False)</c>):
/// four-space indentation, <c>": "</c> after keys, <c>{}</c>/<c>[]</c> when empty, and only <c>"</c>, <c>\</c> and control
/// characters escaped. <see cref="Compact"/> writes the same values on one line (<c>grep --json</c>).
/// </summary>
internal sealed class AwsCliJson(StringBuilder builder, bool indented)
{
    private int _depth;

    public static string Indented(Action<AwsCliJson> write) => Write(write, indented: true);

    public static string Compact(Action<AwsCliJson> write) => Write(write, indented: false);

    private static string Write(Action<AwsCliJson> write, bool indented)
    {
        var builder = new StringBuilder();
        write(new AwsCliJson(builder, indented));
        return builder.ToString();
    }

    public void Object(IEnumerable<KeyValuePair<string, Action<AwsCliJson>>> members) =>
        Container('{', '}', members.Select(m => (Action)(() =>
        {
            String(m.Key);
            builder.Append(indented ? ": " : ":");
            m.Value(this);
        })));

    public void Array(IEnumerable<Action<AwsCliJson>> items) =>
        Container('[', ']', items.Select(item => (Action)(() => item(this))));

    public void Number(long value) => builder.Append(value.ToString(CultureInfo.InvariantCulture));

    public void String(string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ': builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }

    private void Container(char open, char close, IEnumerable<Action> items)
    {
        builder.Append(open);
        _depth++;
        var any = false;
        foreach (var item in items)
        {
            builder.Append(any ? "," : string.Empty);
            NewLine();
            item();
            any = true;
        }

        _depth--;
        if (any)
        {
            NewLine();
        }

        builder.Append(close);
    }

    private void NewLine()
    {
        if (indented)
        {
            builder.Append('\n').Append(' ', 4 * _depth);
        }
    }
}
