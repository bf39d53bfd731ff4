// Webpack build of the task pane and the ribbon's function file.
//
//   npm run build                       production bundle in dist/, manifest URLs -> ADDIN_BASE_URL
//   npm run dev-server                  https://localhost:3000 (office-addin-dev-certs), http fallback
//   webpack --mode production --env e2e also emits e2e.html, which boots the Excel API simulator
//                                       (test/e2e/office-simulator.ts) instead of the Office.js CDN
//
// Environment:
//   ADDIN_BASE_URL   where dist/ will be hosted (default https://localhost:3000/); every
//                    https://localhost:3000/ URL in manifest.xml is rewritten to it.
//   DEV_SERVER_HTTP  set to 1 to serve plain http (no dev certificates), e.g. for local e2e runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import CopyWebpackPlugin from "copy-webpack-plugin";
import HtmlWebpackPlugin from "html-webpack-plugin";
import {
  addinBaseUrl,
  contentSecurityPolicy,
  DEV_PORT,
  OFFICE_JS_CDN,
  rewriteManifest,
} from "./scripts/addin-config.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));

async function devServerTransport() {
  if (process.env.DEV_SERVER_HTTP === "1") return { type: "http" };
  try {
    const devCerts = await import("office-addin-dev-certs");
    const getOptions = devCerts.getHttpsServerOptions ?? devCerts.default?.getHttpsServerOptions;
    const options = await getOptions();
    return { type: "https", options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `\n[dev-server] No trusted localhost certificate (${reason.split("\n")[0]}).\n` +
        "[dev-server] Serving plain http on port 3000: fine for browser tests, but Excel only loads https add-ins.\n" +
        "[dev-server] Run `npx office-addin-dev-certs install` (admin rights) to get https.\n",
    );
    return { type: "http" };
  }
}

export default async function config(env = {}, argv = {}) {
  const mode = argv.mode === "development" ? "development" : "production";
  const dev = mode === "development";
  const e2e = Boolean(env.e2e);
  const serving = Boolean(env.WEBPACK_SERVE);
  const baseUrl = addinBaseUrl();
  const outputPath = path.resolve(root, env.outDir ?? (e2e ? "test-output/e2e-dist" : "dist"));
  const csp = contentSecurityPolicy({ dev: dev || serving });

  const entry = {
    taskpane: "./src/taskpane/index.tsx",
    commands: "./src/commands/commands.ts",
  };
  if (e2e) entry["office-simulator"] = "./test/e2e/office-simulator.ts";

  const minify = dev ? false : { collapseWhitespace: true, removeComments: true, minifyCSS: true };
  const taskpaneTemplate = path.resolve(root, "src/taskpane/taskpane.html");
  // The pane's own layout rules, inlined: no extra request before the first render.
  const taskpaneCss = readFileSync(path.resolve(root, "src/taskpane/taskpane.css"), "utf8");
  const plugins = [
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: taskpaneTemplate,
      chunks: ["taskpane"],
      officeScript: OFFICE_JS_CDN,
      csp,
      taskpaneCss,
      minify,
    }),
    new HtmlWebpackPlugin({
      filename: "commands.html",
      template: path.resolve(root, "src/commands/commands.html"),
      chunks: ["commands"],
      officeScript: OFFICE_JS_CDN,
      csp,
      minify,
    }),
    new CopyWebpackPlugin({
      patterns: [
        { from: "assets/*.png", to: "assets/[name][ext]", context: root },
        { from: "src/support.html", to: "support.html", context: root },
        {
          from: "manifest.xml",
          to: "manifest.xml",
          context: root,
          transform: (content) => rewriteManifest(content.toString("utf8"), baseUrl),
        },
      ],
    }),
  ];
  if (e2e) {
    // Same bundle, same CSP; the simulator (a same-origin script) stands in for the CDN office.js.
    plugins.push(
      new HtmlWebpackPlugin({
        filename: "e2e.html",
        template: taskpaneTemplate,
        chunks: ["office-simulator", "taskpane"],
        chunksSortMode: "manual",
        officeScript: null,
        csp,
        taskpaneCss,
        minify: false,
      }),
    );
  }

  /** @type {import("webpack").Configuration} */
  const configuration = {
    mode,
    context: root,
    entry,
    devtool: dev ? "source-map" : false,
    target: ["web", "es2022"],
    output: {
      path: outputPath,
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      clean: true,
      publicPath: "auto",
    },
    resolve: {
      extensions: [".tsx", ".ts", ".mjs", ".js"],
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: { transpileOnly: true, compilerOptions: { noEmit: false, sourceMap: dev } },
          },
        },
      ],
    },
    optimization: {
      // One taskpane script keeps the first render to a single request; commands shares nothing.
      splitChunks: false,
      runtimeChunk: false,
    },
    performance: {
      hints: dev ? false : "warning",
      maxEntrypointSize: 520 * 1024,
      maxAssetSize: 520 * 1024,
    },
    plugins,
  };

  if (serving) {
    configuration.devServer = {
      port: DEV_PORT,
      host: "localhost",
      server: await devServerTransport(),
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { errors: true, warnings: false } },
      allowedHosts: "all",
    };
  }
  return configuration;
}
