// Fluent locale files imported as text modules by the Worker (wrangler.toml [[rules]] type = "Text").
declare module "*.ftl" {
  const source: string;
  export default source;
}
