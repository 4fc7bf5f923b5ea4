using System.Diagnostics;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResLab.Tests.Support;

/// <summary>
/// Opens an HTML file in headless Chromium (Debian's `chromium`) over the DevTools protocol and reports what a
/// reader would meet: JavaScript exceptions, console and network errors, and the rendered size of every figure.
/// A minimal CDP client on System.Net.WebSockets, so the tests need no Node or browser-driver package.
/// </summary>
public static class HeadlessChromium
{
    public sealed record Figure(string Kind, double Width, double Height);

    public sealed record PageReport(string Title, IReadOnlyList<string> Errors, IReadOnlyList<Figure> Figures, bool ImagesDecoded);

    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static string SkipReason =>
        "headless Chromium is not installed (Debian package 'chromium'; .ci/prerequisites installs it when run as root)";

    public static PageReport Open(string htmlPath, TimeSpan? timeout = null)
    {
        var exe = Executable ?? throw new InvalidOperationException(SkipReason);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var profile = Path.Combine(Path.GetTempPath(), "reslab-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,2000", $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
                 })
            psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi)!;
        proc.ErrorDataReceived += (_, _) => { };
        proc.OutputDataReceived += (_, _) => { };
        proc.BeginErrorReadLine();
        proc.BeginOutputReadLine();
        try
        {
            using var cts = new CancellationTokenSource(limit);
            return RunAsync(profile, Path.GetFullPath(htmlPath), cts.Token).GetAwaiter().GetResult();
        }
        finally
        {
            try { proc.Kill(entireProcessTree: true); proc.WaitForExit(5000); } catch (InvalidOperationException) { }
            try { Directory.Delete(profile, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<PageReport> RunAsync(string profile, string htmlPath, CancellationToken ct)
    {
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0) await Task.Delay(50, ct);
        var port = int.Parse(File.ReadAllLines(portFile)[0]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        JsonArray? targets = null;
        while (targets is null || !targets.Any(t => (string?)t!["type"] == "page"))
        {
            targets = JsonNode.Parse(await http.GetStringAsync("/json/list", ct))!.AsArray();
            if (!targets.Any(t => (string?)t!["type"] == "page")) await Task.Delay(50, ct);
        }
        var wsUrl = (string)targets.First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!;
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri(wsUrl), ct);
        var cdp = new Cdp(ws);
        var errors = new List<string>();
        var loaded = new TaskCompletionSource();
        cdp.OnEvent = (method, p) =>
        {
            switch (method)
            {
                case "Runtime.exceptionThrown":
                {
                    var details = p["exceptionDetails"];
                    var description = details?["exception"]?["description"]?.ToString();
                    errors.Add("exception: " + (description ?? details?["text"]?.ToString()));
                }
                    break;
                case "Runtime.consoleAPICalled" when (string?)p["type"] == "error":
                    errors.Add("console.error: " + string.Join(" ", p["args"]!.AsArray().Select(ArgText)));
                    break;
                case "Log.entryAdded" when LevelOf(p) == "error":
                {
                    var entry = p["entry"];
                    errors.Add("log: " + entry?["text"] + " " + entry?["url"]);
                }
                    break;
                case "Page.loadEventFired":
                    loaded.TrySetResult();
                    break;
            }
        };
        var pump = cdp.PumpAsync(ct);
        await cdp.Call("Runtime.enable", new JsonObject(), ct);
        await cdp.Call("Log.enable", new JsonObject(), ct);
        await cdp.Call("Page.enable", new JsonObject(), ct);
        await cdp.Call("Page.navigate", new JsonObject { ["url"] = new Uri(htmlPath).AbsoluteUri }, ct);
        await loaded.Task.WaitAsync(ct);
        const string probe = """
            JSON.stringify({
              title: document.title,
              figures: [...document.querySelectorAll('figure svg, figure img')].map(e => {
                const r = e.getBoundingClientRect(); return { kind: e.tagName.toLowerCase(), w: r.width, h: r.height };
              }),
              decoded: [...document.images].every(i => i.complete && i.naturalWidth > 0)
            })
            """;
        var result = await cdp.Call("Runtime.evaluate", new JsonObject { ["expression"] = probe, ["returnByValue"] = true }, ct);
        var json = JsonNode.Parse((string)result["result"]!["value"]!)!;
        var figures = json["figures"]!.AsArray()
            .Select(f => new Figure((string)f!["kind"]!, (double)f["w"]!, (double)f["h"]!)).ToList();
        lock (errors)
            return new PageReport((string)json["title"]!, errors.ToList(), figures, (bool)json["decoded"]!);
    }

    private static string? LevelOf(JsonNode p)
    {
        var entry = p["entry"];
        return entry?["level"]?.ToString();
    }

    private static string ArgText(JsonNode? a)
    {
        var value = a?["value"]?.ToString();
        return value ?? a?["description"]?.ToString() ?? "";
    }

    /// <summary>Request/response and events over one DevTools websocket.</summary>
    private sealed class Cdp(ClientWebSocket ws)
    {
        private int _id;
        private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
        public Action<string, JsonNode>? OnEvent;

        public async Task<JsonNode> Call(string method, JsonObject parameters, CancellationToken ct)
        {
            var id = Interlocked.Increment(ref _id);
            var tcs = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending) _pending[id] = tcs;
            var msg = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
            await ws.SendAsync(Encoding.UTF8.GetBytes(msg), WebSocketMessageType.Text, true, ct);
            return await tcs.Task.WaitAsync(ct);
        }

        public async Task PumpAsync(CancellationToken ct)
        {
            var buffer = new byte[1 << 16];
            var sb = new MemoryStream();
            while (ws.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                WebSocketReceiveResult r;
                try { r = await ws.ReceiveAsync(buffer, ct); }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException) { return; }
                sb.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(sb.ToArray())!;
                sb.SetLength(0);
                if (node["id"] is { } idNode)
                {
                    TaskCompletionSource<JsonNode>? tcs;
                    lock (_pending) _pending.Remove((int)idNode, out tcs);
                    if (node["error"] is { } err) tcs?.TrySetException(new InvalidOperationException(err.ToJsonString()));
                    else tcs?.TrySetResult(node["result"]!);
                }
                else if (node["method"] is { } m)
                {
                    OnEvent?.Invoke((string)m!, node["params"] ?? new JsonObject());
                }
            }
        }
    }
}
