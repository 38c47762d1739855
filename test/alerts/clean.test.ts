// Article cleaning on the shapes real pages and feeds have: the article's paragraphs, nothing of the page around it.
import { describe, expect, it } from 'vitest';
import { cleanArticle, detectFormat, htmlToText, markdownToText } from '../../src/alerts/clean.js';

/** A news page as publishers' sites serve them: head scripts, a menu, a cookie banner, share buttons, related links. */
const NEWS_PAGE = `<!DOCTYPE html>
<html lang="en-HK">
<head>
  <meta charset="utf-8"><meta name="description" content="HKSTP &amp; partners > news">
  <title>HKSTP signs MoU with three universities | Newsroom | HKSTP</title>
  <link rel="stylesheet" href="/css/site.css">
  <style>nav > ul > li { display: inline } .hero > p::after { content: "<p>decor</p>" }</style>
  <script type="application/ld+json">{"@type":"NewsArticle","headline":"<b>not</b> the text","description":"a > b"}</script>
  <script>window.dataLayer = []; if (a > b && c < d) { document.write("<p>tracking</p>"); }</script>
</head>
<body class="news">
  <div id="cookie-banner" data-text="We use cookies > accept?">We use cookies. <button onclick="accept()">Accept</button></div>
  <header class="site-header">
    <a class="logo" href="/"><img src="/logo.svg" alt="HKSTP logo"></a>
    <nav aria-label="Main"><ul><li><a href="/about">About us</a></li><li><a href="/news">Newsroom</a></li><li><a href="/contact">Contact</a></li></ul></nav>
  </header>
  <ol class="breadcrumb"><li><a href="/">Home</a></li><li>Newsroom</li></ol>
  <main id="content">
    <article class="press-release" data-id="2024-031" data-title="MoU > partnership">
      <h1 class="title">HKSTP signs MoU with three universities</h1>
      <p class="meta"><time datetime="2024-03-15">15 March 2024</time></p>
      <figure><img src="/img/signing.jpg" alt="Signing &gt; ceremony" title="a > b"><figcaption>The signing ceremony at Science Park.</figcaption></figure>
      <p>Hong Kong Science and Technology Parks Corporation (HKSTP) today signed a memorandum of understanding with three universities<!-- <p>an editor's note</p> -->, to co&#8209;incubate start&#8209;ups.</p>
      <p data-tooltip="shown > hidden" onclick="if (x > 1) { track('<p>') }">The programme will support 100&nbsp;start-ups over three years &mdash; with HK$50&nbsp;million of funding &amp; mentoring.</p>
      <h2>What&rsquo;s next</h2>
      <ul><li>Calls for applications open in April.</li><li>The first cohort starts in July.</li></ul>
      <div class="share"><button>Share</button><a href="https://twitter.com/intent/tweet?text=a&amp;url=b">Tweet</a></div>
    </article>
    <aside class="related"><h3>Related news</h3><ul><li><a href="/n/1">Cyberport opens an AI lab</a></li></ul></aside>
  </main>
  <footer><p>&copy; 2024 HKSTP. All rights reserved.</p><nav><a href="/privacy">Privacy</a></nav></footer>
  <script src="/js/app.js"></script><script>trackPage("</article><p>leak</p>");</script>
</body>
</html>`;

describe('cleaning an article', () => {
  it('keeps the article of a real page shape and nothing around it', () => {
    const { text, title } = cleanArticle(NEWS_PAGE, 'html');
    expect(title).toBe('HKSTP signs MoU with three universities');
    expect(text.split('\n\n')).toEqual([
      'HKSTP signs MoU with three universities',
      '15 March 2024',
      'The signing ceremony at Science Park.',
      'Hong Kong Science and Technology Parks Corporation (HKSTP) today signed a memorandum of understanding with three universities, to co‑incubate start‑ups.',
      'The programme will support 100 start-ups over three years — with HK$50 million of funding & mentoring.',
      'What’s next',
      '• Calls for applications open in April.\n• The first cohort starts in July.',
      // Buttons go; a link in the article keeps its words.
      'Tweet',
    ]);
    for (const leak of ['cookies', 'About us', 'Newsroom', 'Home', 'Related news', 'Cyberport', 'rights reserved', 'tracking', 'leak', 'decor', 'not the text', "editor's note", 'hidden', '> b', 'logo']) {
      expect(text).not.toContain(leak);
    }
  });

  it('takes the main content, or the body, of a page without an <article>', () => {
    const page = NEWS_PAGE.replace('<article class="press-release" data-id="2024-031" data-title="MoU > partnership">', '<div class="press-release">').replace('</article>', '</div>');
    const text = htmlToText(page);
    expect(text.startsWith('HKSTP signs MoU with three universities\n\n15 March 2024')).toBe(true);
    expect(text).toContain('The programme will support 100 start-ups');
    for (const leak of ['cookies', 'Newsroom', 'Related news', 'rights reserved']) expect(text).not.toContain(leak);
    const bare = '<html><body><nav>Menu</nav><p>Only a body &amp; its text.</p><footer>Footer</footer></body></html>';
    expect(htmlToText(bare)).toBe('Only a body & its text.');
  });

  it('reads a feed item fragment whole, entities decoded and markup gone', () => {
    expect(htmlToText('<p>CATL &amp; Cyberport: &ldquo;a lab&rdquo;</p><p>Opens in 2026.<script>alert(1)</script></p>')).toBe('CATL & Cyberport: “a lab”\n\nOpens in 2026.');
    expect(htmlToText('R&amp;amp;D centre &#x2014; phase&nbsp;2')).toBe('R&amp;D centre — phase 2');
  });

  it('decodes entities in Markdown and drops its markers', () => {
    expect(markdownToText('# R&amp;D at **HKSTP**\n\nA [release](https://example.org) &mdash; 2024.')).toBe('R&D at HKSTP\n\nA release — 2024.');
  });

  it('tells HTML from text by the name, then by how the content starts', () => {
    expect(detectFormat('page.HTM', 'x')).toBe('html');
    expect(detectFormat('notes.md', '<p>x</p>')).toBe('markdown');
    expect(detectFormat('paste.txt', '  <!DOCTYPE html><html>')).toBe('html');
    expect(detectFormat('paste.txt', 'CATL said <p> is a tag')).toBe('text');
  });
});
