namespace FilterPatterns.Subscriptions.Tests;

/// <summary>The example README.md and docs/subscriptions.md show is the code DocsExampleTests runs.</summary>
public sealed class DocsInSyncTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/subscriptions.md")]
    public void Documented_example_is_the_tested_one(string document)
    {
        var root = RepositoryRoot();
        var test = File.ReadAllText(Path.Combine(root, "tests", "FilterPatterns.Subscriptions.Tests", "DocsExampleTests.cs"));
        var begin = test.IndexOf("// --- begin docs example ---", StringComparison.Ordinal);
        var end = test.IndexOf("// --- end docs example ---", StringComparison.Ordinal);
        var tested = Normalize(test[(test.IndexOf('\n', begin) + 1)..end])
            .Replace("lines.Add(", "Console.WriteLine(", StringComparison.Ordinal);

        var text = File.ReadAllText(Path.Combine(root, document));
        var anchor = text.IndexOf("await using var service = new SubscriptionService();\n\n// Recipient account", StringComparison.Ordinal);
        Assert.True(anchor >= 0, $"{document} lacks the example");
        var block = text[anchor..text.IndexOf("```", anchor, StringComparison.Ordinal)];
        Assert.Equal(tested, Normalize(block));
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FilterPatterns.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
