"""Shortcodes: one implementation per shortcode, reachable from every syntax that names it.

Hugo (`{{< youtube id >}}`, `{{% notice %}}…{{% /notice %}}`), Eleventy (`{% youtube "id" %}`,
paired `{% highlight "js" %}…{% endhighlight %}`) and Jekyll (`{% post_url 2010-07-21-name %}`)
all end up calling the same Python function with a `Shortcode` record, so a YouTube embed looks
and behaves the same whichever generator a post was written for. The syntaxes are read by
`hugo.py` and `liquid.py`; `generator.render.templating` decides which one a page uses.
"""

from generator.shortcodes.call import Bare, Shortcode, ShortcodeSite

__all__ = ["Bare", "Shortcode", "ShortcodeSite"]
