// Eleventy 3 settings for the build benchmark: the same pages artsite makes, nothing more.
// Each post with a layout, a home page paginated by 10, tag pages paginated by 10, the tag
// index and one Atom feed of 20 full posts. Code blocks are highlighted (artsite uses Pygments),
// and Markdown is not pre-processed by Liquid (artsite does not template Markdown either).
import syntaxHighlight from "@11ty/eleventy-plugin-syntaxhighlight";

const PER_PAGE = 10;

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(syntaxHighlight);
  eleventyConfig.addCollection("posts", (api) => api.getFilteredByGlob("posts/*.md").reverse());
  eleventyConfig.addCollection("tagPages", (api) => {
    const byTag = new Map();
    for (const post of api.getFilteredByGlob("posts/*.md").reverse()) {
      for (const tag of post.data.tags || []) {
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(post);
      }
    }
    const pages = [];
    for (const [tag, posts] of [...byTag].sort()) {
      const count = Math.ceil(posts.length / PER_PAGE);
      for (let n = 0; n < count; n++) {
        pages.push({ tag, number: n + 1, count, posts: posts.slice(n * PER_PAGE, (n + 1) * PER_PAGE) });
      }
    }
    return pages;
  });
  eleventyConfig.addFilter("isodate", (date) => date.toISOString());
  eleventyConfig.addFilter("readable", (date) =>
    date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
  return { markdownTemplateEngine: false, dir: { input: ".", includes: "_includes", output: "_site" } };
}
