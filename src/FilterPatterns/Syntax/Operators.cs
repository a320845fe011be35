using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Syntax;

internal static class Operators
{
    public static string Text(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Applies a numeric comparison. NaN never occurs: neither grammar can produce it.</summary>
    public static bool Compare(ComparisonOperator op, double left, double right) => op switch
    {
        ComparisonOperator.Equal => left == right,
        ComparisonOperator.NotEqual => left != right,
        ComparisonOperator.LessThan => left < right,
        ComparisonOperator.GreaterThan => left > right,
        ComparisonOperator.LessThanOrEqual => left <= right,
        ComparisonOperator.GreaterThanOrEqual => left >= right,
        _ => false,
    };
}
