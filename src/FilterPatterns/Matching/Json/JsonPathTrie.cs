using FilterPatterns.Internal;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Matching.Json;

/// <summary>What a JSON leaf computes at each node its selector reaches.</summary>
internal enum JsonLeafKind : byte
{
    /// <summary><c>$.a OP value</c>: the node is a string or number whose text passes the test.</summary>
    Compare,

    /// <summary><c>IS TRUE</c></summary>
    IsTrue,

    /// <summary><c>IS FALSE</c></summary>
    IsFalse,

    /// <summary><c>IS NULL</c></summary>
    IsNull,

    /// <summary>The selector reaches a node (its negation is <c>NOT EXISTS</c>).</summary>
    Exists,

    /// <summary>Records the node's text for extraction (<see cref="FilterPattern.Match(string)"/>).</summary>
    Capture,
}

/// <summary>One condition (or capture) about the node(s) a selector reaches.</summary>
internal sealed class JsonLeaf(JsonLeafKind kind, int index, ValueTest? test = null)
{
    public JsonLeafKind Kind => kind;

    /// <summary>Slot of this leaf in the per-event state.</summary>
    public int Index => index;

    public ValueTest? Test => test;
}

/// <summary>What entering a trie node does to a leaf below it (see <see cref="JsonPathTrie"/>).</summary>
internal enum EnterAction : byte
{
    /// <summary>A later duplicate of a named member supersedes the earlier one: forget everything seen below.</summary>
    ResetAll,

    /// <summary>As <see cref="ResetAll"/>, but only within the current element of the leaf's wildcard, which sits above.</summary>
    ResetCurrent,

    /// <summary>A new element of the leaf's wildcard starts: keep what the previous element found, start afresh.</summary>
    Commit,
}

/// <summary>A node of <see cref="JsonPathTrie"/>: one selector step, shared by every selector with the same prefix.</summary>
/// <remarks>
/// perf: built once per pattern, but a 1024-character JSON pattern has some 80 nodes, so building stays lean: the
/// lists a node fills while the trie is built are created on first use and dropped by <see cref="Freeze"/>, which
/// sorts children and leaves in plain loops (it was LINQ: with the lists, about half of the trie's 64 KB a parse).
/// </remarks>
internal sealed class JsonPathNode
{
    private List<JsonPathNode>? _children;
    private List<JsonLeaf>? _terminal;
    private List<(int Leaf, EnterAction Action)>? _onEnter;
    private KeyFilter _keyFilter = KeyFilter.None;

    public JsonPathNode(int id, SelectorStep step, int depth)
    {
        Id = id;
        Step = step;
        Depth = depth;
        Name = step.Name is { } name ? new Literal(name) : null;
    }

    public int Id { get; }

    public SelectorStep Step { get; }

    public int Depth { get; }

    /// <summary>The member name of a <see cref="SelectorStepKind.Property"/> step.</summary>
    public Literal? Name { get; }

    public JsonPathNode[] PropertyChildren { get; private set; } = [];

    public JsonPathNode[] IndexChildren { get; private set; } = [];

    public JsonPathNode? AnyPropertyChild { get; private set; }

    /// <summary>Which member names may be one of <see cref="PropertyChildren"/> or meet <see cref="AnyPropertyChild"/>.</summary>
    public ref readonly KeyFilter KeyFilter => ref _keyFilter;

    public JsonPathNode? AnyIndexChild { get; private set; }

    public bool HasChildren { get; private set; }

    /// <summary>Leaves whose selector ends at this node (but those in <see cref="Equalities"/> and <see cref="Prefixes"/>).</summary>
    public JsonLeaf[] Terminal { get; private set; } = [];

    /// <summary>The node's <c>= "literal"</c> leaves, when there are enough to decide them by one lookup.</summary>
    public EqualityGroup? Equalities { get; private set; }

    /// <summary>The node's <c>= "literal*"</c> leaves, when there are enough to decide them by a few lookups.</summary>
    public PrefixGroup? Prefixes { get; private set; }

    /// <summary>What entering this node does to the leaves below it.</summary>
    public (int Leaf, EnterAction Action)[] OnEnter { get; private set; } = [];

    internal void AddChild(JsonPathNode child) => (_children ??= []).Add(child);

    internal void AddTerminal(JsonLeaf leaf) => (_terminal ??= []).Add(leaf);

    internal void AddOnEnter(int leaf, EnterAction action) => (_onEnter ??= []).Add((leaf, action));

    internal void Freeze()
    {
        if (_children is { } children)
        {
            FreezeChildren(children);
            foreach (var child in children)
            {
                child.Freeze();
            }
        }

        if (_terminal is { } terminal)
        {
            FreezeTerminal(terminal);
        }

        OnEnter = _onEnter is null ? [] : [.. _onEnter];
        (_children, _terminal, _onEnter) = (null, null, null);
    }

    private void FreezeChildren(List<JsonPathNode> children)
    {
        HasChildren = true;
        var (properties, indexes) = (0, 0);
        foreach (var child in children)
        {
            switch (child.Step.Kind)
            {
                case SelectorStepKind.Property:
                    properties++;
                    break;
                case SelectorStepKind.Index:
                    indexes++;
                    break;
                case SelectorStepKind.AnyProperty:
                    AnyPropertyChild = child;
                    break;
                case SelectorStepKind.AnyIndex:
                    AnyIndexChild = child;
                    break;
            }
        }

        JsonPathNode[] propertyChildren = properties == 0 ? [] : new JsonPathNode[properties], indexChildren = indexes == 0 ? [] : new JsonPathNode[indexes];
        var names = AnyPropertyChild is not null ? null : properties == 0 ? [] : new Literal[properties];
        (properties, indexes) = (0, 0);
        foreach (var child in children)
        {
            if (child.Step.Kind == SelectorStepKind.Property)
            {
                if (names is not null)
                {
                    names[properties] = child.Name!;
                }

                propertyChildren[properties++] = child;
            }
            else if (child.Step.Kind == SelectorStepKind.Index)
            {
                indexChildren[indexes++] = child;
            }
        }

        (PropertyChildren, IndexChildren) = (propertyChildren, indexChildren);
        _keyFilter = names is null ? KeyFilter.All : KeyFilter.For(names);
    }

    // Groups the node's = "literal" and = "literal*" leaves where enough of them form a group; the rest stay terminal.
    private void FreezeTerminal(List<JsonLeaf> terminal)
    {
        if (terminal.Count >= EqualityGroup.MinimumLeaves && Grouped(terminal, exact: true) is { Count: >= EqualityGroup.MinimumLeaves } exact)
        {
            Equalities = new EqualityGroup(exact.ConvertAll(static e => (e.Leaf.Index, e.Literal)));
            terminal = terminal.FindAll(l => !exact.Exists(e => e.Leaf == l));
        }

        if (terminal.Count >= PrefixGroup.MinimumLeaves && Grouped(terminal, exact: false) is { Count: >= PrefixGroup.MinimumLeaves } prefixes)
        {
            Prefixes = new PrefixGroup(prefixes);
            terminal = terminal.FindAll(l => !prefixes.Exists(p => p.Leaf == l));
        }

        Terminal = [.. terminal];

        static List<(JsonLeaf Leaf, Literal Literal)> Grouped(List<JsonLeaf> leaves, bool exact)
        {
            var grouped = new List<(JsonLeaf, Literal)>();
            foreach (var leaf in leaves)
            {
                if (leaf.Kind == JsonLeafKind.Compare && (exact ? leaf.Test!.TryGetExactEquality(out var literal) : leaf.Test!.TryGetExactPrefix(out literal)))
                {
                    grouped.Add((leaf, literal));
                }
            }

            return grouped;
        }
    }
}

/// <summary>
/// The selectors of a JSON pattern merged into one trie, so a single forward pass over the event resolves all of them.
/// Semantics (grammar/README.md, "JSON selectors"): a named step takes the last member of that name, as a JSON object
/// with repeated names means its last one; a wildcard step takes every member or element, and a condition on a
/// wildcard selector holds when it holds for any of them. Leaves keep two bits per event: what the current element of
/// their wildcard found and what earlier elements found; the <see cref="EnterAction"/>s keep both right when members repeat.
/// </summary>
internal sealed class JsonPathTrie
{
    private JsonPathTrie(JsonPathNode[] nodes, int maxDepth, int leafCount)
    {
        Nodes = nodes;
        MaxDepth = maxDepth;
        LeafCount = leafCount;
    }

    public JsonPathNode Root => Nodes[0];

    /// <summary>Every node, indexed by <see cref="JsonPathNode.Id"/>.</summary>
    public JsonPathNode[] Nodes { get; }

    public int NodeCount => Nodes.Length;

    /// <summary>Number of leaf slots (the highest leaf index plus one).</summary>
    public int LeafCount { get; }

    /// <summary>The longest selector, in steps.</summary>
    public int MaxDepth { get; }

    public static JsonPathTrie Build(IReadOnlyList<(SelectorSyntax Selector, JsonLeaf Leaf)> leaves)
    {
        var root = new JsonPathNode(0, default, 0);
        var nodes = new List<JsonPathNode> { root };
        var maxDepth = 0;
        var leafCount = 0;

        // Children found by (parent, step), not by a scan of the parent's children, which was quadratic in the selectors
        // under one node (Build was 6% of a profile of parsing a 1024-character pattern; that parse measured the same
        // within noise after the change).
        var steps = 0;
        foreach (var (selector, _) in leaves)
        {
            steps += selector.Steps.Count;
        }

        var children = new Dictionary<(int Parent, SelectorStep Step), JsonPathNode>(steps);
        var path = new List<JsonPathNode>();
        foreach (var (selector, leaf) in leaves)
        {
            var node = root;
            path.Clear();
            JsonPathNode? wildcard = null;
            foreach (var step in selector.Steps)
            {
                if (!children.TryGetValue((node.Id, step), out var child))
                {
                    child = new JsonPathNode(nodes.Count, step, node.Depth + 1);
                    children.Add((node.Id, step), child);
                    node.AddChild(child);
                    nodes.Add(child);
                }

                if (step.IsWildcard)
                {
                    wildcard = child;
                }

                path.Add(child);
                node = child;
            }

            node.AddTerminal(leaf);
            maxDepth = Math.Max(maxDepth, path.Count);
            leafCount = Math.Max(leafCount, leaf.Index + 1);
            var passedWildcard = false;
            foreach (var step in path)
            {
                EnterAction action;
                if (step == wildcard)
                {
                    action = EnterAction.Commit;
                    passedWildcard = true;
                }
                else
                {
                    action = passedWildcard ? EnterAction.ResetCurrent : EnterAction.ResetAll;
                }

                step.AddOnEnter(leaf.Index, action);
            }
        }

        root.Freeze();
        return new JsonPathTrie([.. nodes], maxDepth, leafCount);
    }
}
