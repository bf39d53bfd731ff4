export declare const DEV_BASE_URL: string;
export declare const DEV_PORT: number;
export declare const OFFICE_JS_CDN: string;
export declare const OFFICE_JS_ORIGIN: string;
export declare function addinBaseUrl(value?: string): string;
export declare function rewriteManifest(xml: string, baseUrl: string): string;
export declare function contentSecurityPolicy(options?: { dev?: boolean }): string;
