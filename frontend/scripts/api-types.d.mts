export declare const frontendDir: string;
export declare const repoRoot: string;
export declare const specPath: string;
export declare const schemaPath: string;
export declare function generateSchemaTypes(spec?: string): Promise<string>;
