// docker-modem's own follow-redirects copy; we only set its module-wide limit.
declare module "docker-modem/lib/http.js" {
  const http: { maxRedirects: number };
  export default http;
}
