namespace FilterPatterns.Syntax.Ast;

/// <summary>
/// Base of every node of the filter-pattern syntax tree. Nodes are immutable; <see cref="Span"/> records where
/// the node was written and takes no part in equality, so a pattern and its re-parsed canonical text compare equal.
/// </summary>
internal abstract record SyntaxNode(SourceSpan Span)
{
    /// <summary>Equality over the node kind and its content; positions are ignored.</summary>
    public virtual bool Equals(SyntaxNode? other) =>
        other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc />
    public override int GetHashCode() => EqualityContract.GetHashCode();
}
